package dev.nn.cli.bench;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.core.inject.BackendFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn bench}: measures this machine's bandwidth and FMA peak, then each case, and prints one tab-separated
 * line per case with the achieved rate, the limit it is compared with and their ratio, all from the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure memory bandwidth (read, 1R+1W, 2R+1W) and one core's FMA peak, then time nn's "
                + "kernels and training steps against them in the same run. One line per case:",
                "case, backend, threads, median_ms, min_ms, max_ms, rate, limit, ratio (tab-separated).",
                "rate and limit are GB/s for memory-bound cases (compulsory bytes per element: forward 8, "
                        + "forward+backward 20, dropout 9 / 18), GFLOP/s for gemm and conv3x3 (limit = FMA peak "
                        + "x threads), samples/s for e2e steps (no limit).",
                "With --peer FILE (the output of tools/peer-bench.py), a last column vs_peer = rate / the peer's "
                        + "rate."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Inject
    private Provider<BackendFactory> backends;

    @Option(names = "--backend", paramLabel = "NAME", description = "backend to measure (default: the selected one)")
    private String backend;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all processors)")
    private int threads;

    @Option(names = "--case", paramLabel = "PREFIX", split = ",",
            description = "only cases whose name starts with one of these, e.g. bn2d,gemm")
    private List<String> cases;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1",
            description = "measuring time per case and per machine limit (default: ${DEFAULT-VALUE})")
    private double seconds;

    @Option(names = "--peer", paramLabel = "FILE", description = "the output of tools/peer-bench.py, to compare with")
    private Path peer;

    /** A picocli command. */
    public BenchCommand() {
    }

    @Override
    public Integer call() {
        if (threads < 0) {
            throw new NnException("--threads must be >= 0 (0 = all processors), got " + threads);
        }
        if (!(seconds > 0 && seconds <= 60)) {
            throw new NnException("--seconds must be in (0, 60], got " + seconds);
        }
        Map<String, Double> peerRates = peer == null ? Map.of() : readPeer(peer);
        PrintWriter out = spec.commandLine().getOut();
        int used = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        try (Backend b = backends.get().open(backend, new BackendConfig(threads))) {
            List<BenchCases.Lazy> selected = BenchCases.all(b).stream().filter(this::selected).toList();
            if (selected.isEmpty()) {
                throw new NnException("No case starts with " + cases + "; cases: " + BenchCases.all(b).stream()
                        .map(BenchCases.Lazy::name).toList());
            }
            MachineLimits limits = MachineLimits.measure(used, seconds);
            out.printf(Locale.ROOT, "# %d threads: bandwidth read %.1f GB/s, 1R+1W %.1f GB/s, 2R+1W %.1f GB/s; "
                            + "FMA peak %.1f GFLOP/s per core (%d-bit vectors)%n", used, limits.readGBs(),
                    limits.readWriteGBs(), limits.twoReadsOneWriteGBs(), limits.fmaPeakGflops(), limits.vectorBits());
            out.println("# case\tbackend\tthreads\tmedian_ms\tmin_ms\tmax_ms\trate\tlimit\tratio"
                    + (peer == null ? "" : "\tvs_peer"));
            out.flush();
            for (BenchCases.Lazy lazy : selected) {
                BenchCase c = lazy.build().get();
                Timing t = Timing.of(c.run(), seconds);
                double rate = c.work() / (t.medianMs() / 1e3) / (c.limit() == BenchCase.Limit.SAMPLES ? 1 : 1e9);
                double limit = switch (c.limit()) {
                    case READ_WRITE -> limits.readWriteGBs();
                    case TWO_READS_ONE_WRITE -> limits.twoReadsOneWriteGBs();
                    case FLOPS -> limits.fmaPeakGflops() * used;
                    case SAMPLES -> Double.NaN;
                };
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.1f\t%s\t%s", c.name(), b.name(), used, t.medianMs(),
                        t.minMs(), t.maxMs(), rate, Double.isNaN(limit) ? "-" : String.format(Locale.ROOT, "%.1f",
                                limit), Double.isNaN(limit) ? "-" : String.format(Locale.ROOT, "%.2f", rate / limit)));
                if (peer != null) {
                    Double p = peerRates.get(c.name());
                    line.append('\t').append(p == null ? "-" : String.format(Locale.ROOT, "%.2f", rate / p));
                }
                out.println(line);
                out.flush();
            }
        }
        return 0;
    }

    private boolean selected(BenchCases.Lazy c) {
        return cases == null || cases.stream().anyMatch(p -> c.name().startsWith(p.strip()));
    }

    /** Case name to rate, from lines in the bench format; comment lines and the column header are skipped. */
    static Map<String, Double> readPeer(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new NnException("Cannot read --peer " + file + ": " + e.getMessage()
                    + "; give the output of tools/peer-bench.py saved to a file");
        }
        Map<String, Double> rates = new HashMap<>();
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#") || line.startsWith("case\t")) {
                continue; // comments and the column header
            }
            String[] f = line.split("\t");
            try {
                if (f.length < 7) {
                    throw new NumberFormatException("expected 9 tab-separated fields, got " + f.length);
                }
                rates.put(f[0], Double.parseDouble(f[6]));
            } catch (NumberFormatException e) {
                throw new NnException("--peer " + file + ":" + number + " is not a bench line (" + e.getMessage()
                        + "): case, backend, threads, median_ms, min_ms, max_ms, rate, limit, ratio");
            }
        }
        return rates;
    }
}
