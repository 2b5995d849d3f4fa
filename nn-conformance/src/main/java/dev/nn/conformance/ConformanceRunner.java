package dev.nn.conformance;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs every golden file of a directory ({@code index.json} is a listing, not a case) through the checker for its
 * op and reports one line per case. A broken file (malformed or too deeply nested JSON, a missing field, a tolerance
 * that is infinite, NaN or negative) is a FAIL of that file and the run goes on, as does a checker that throws or
 * overflows the stack or runs out of memory; an op no checker handles is a SKIP, never a PASS.
 */
public final class ConformanceRunner {
    private final Map<String, GoldenOp> byOp = new HashMap<>();

    /**
     * A runner that checks each golden case with the checker of its op.
     *
     * @param ops the checkers; two handling one op is an error
     */
    public ConformanceRunner(List<GoldenOp> ops) {
        for (GoldenOp op : ops) {
            for (String name : op.ops()) {
                GoldenOp previous = byOp.putIfAbsent(name, op);
                if (previous != null) {
                    throw new IllegalArgumentException("Op '" + name + "' is handled by both "
                            + previous.getClass().getName() + " and " + op.getClass().getName());
                }
            }
        }
    }

    /**
     * The counts of a run.
     *
     * @param passed cases within tolerance
     * @param failed cases out of tolerance or broken
     * @param skipped cases not checked
     */
    public record Summary(int passed, int failed, int skipped) {
        /** {@return {@code N passed, M failed, K skipped}} */
        public String line() {
            return passed + " passed, " + failed + " failed, " + skipped + " skipped";
        }
    }

    /**
     * {@return the counts}
     *
     * @param dir a directory of golden files
     * @param backend the backend under test
     * @param out receives one line per case
     * @throws NnException when the directory is missing, unreadable or holds no golden files
     */
    public Summary run(Path dir, Backend backend, Consumer<String> out) {
        List<CaseResult> all = new ArrayList<>();
        for (Path file : goldenFiles(dir)) {
            for (CaseResult r : runFile(file, backend)) {
                out.accept(r.line());
                all.add(r);
            }
        }
        return new Summary(count(all, CaseResult.Status.PASS), count(all, CaseResult.Status.FAIL),
                count(all, CaseResult.Status.SKIP));
    }

    /**
     * {@return its results; a broken file gives one FAIL}
     *
     * @param file one golden file
     * @param backend the backend under test
     */
    public List<CaseResult> runFile(Path file, Backend backend) {
        String id = file.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            GoldenFile golden = GoldenFile.read(file);
            id = golden.caseId();
            GoldenOp op = byOp.get(golden.op());
            if (op == null) {
                return List.of(CaseResult.skip(id, "op '" + golden.op() + "' is not supported yet"));
            }
            List<CaseResult> results = op.run(golden, backend);
            if (results.isEmpty()) {   // a file that checks nothing must not pass silently
                return List.of(CaseResult.fail(id, golden.fileName() + " holds no case to check (is its list of "
                        + "cases empty?); a golden file checks at least one"));
            }
            return results;
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return List.of(CaseResult.fail(id, (e instanceof GoldenFormatException ? "" : "error: ")
                    + message.replace('\n', ' ')));
        } catch (StackOverflowError e) {
            // the stack has unwound to here: one case that recursed without end must not end the run
            return List.of(CaseResult.fail(id, "error: " + e + " (the case recursed too deeply)"));
        } catch (OutOfMemoryError e) {
            // one allocation past the heap, e.g. for a size of 2^31 in a damaged file: it failed whole, so the
            // heap is as it was and the run can go on
            return List.of(CaseResult.fail(id, "error: " + e + " (the case asks for more memory than the heap has)"));
        }
    }

    private static List<Path> goldenFiles(Path dir) {
        if (!Files.exists(dir)) {
            throw new NnException("Golden directory " + dir + " does not exist; pass --golden with a directory of "
                    + "golden JSON files (the repository ships one in golden/)");
        }
        if (!Files.isDirectory(dir)) {
            throw new NnException("Golden path " + dir + " is a file, not a directory; pass the directory that "
                    + "holds the golden JSON files");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("index.json"))
                    .sorted()
                    .toList();
            if (list.isEmpty()) {
                throw new NnException("Golden directory " + dir + " holds no golden files (*.json other than "
                        + "index.json); point --golden at the directory with the PyTorch/scikit-learn vectors");
            }
            return list;
        } catch (IOException e) {
            throw new NnException("Cannot read golden directory " + dir + ": " + e
                    + "; check that it exists and is readable", e);
        }
    }

    private static int count(List<CaseResult> results, CaseResult.Status status) {
        return (int) results.stream().filter(r -> r.status() == status).count();
    }
}
