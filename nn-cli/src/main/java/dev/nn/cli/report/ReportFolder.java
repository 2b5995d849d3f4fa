package dev.nn.cli.report;

import dev.nn.api.NnException;
import dev.nn.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run's report folder. Every file goes through {@link AtomicFiles}, so a reader (or an interrupted run) never sees
 * half a file. A run gets a folder of its own before it starts: a new one ({@link #fresh}), or the one the user
 * named ({@link #claim}), which must be empty, be writable and hold no other run's report unless the user asks for
 * it to be replaced.
 *
 * @param dir the folder
 */
public record ReportFolder(Path dir) {
    /** Down to the millisecond; two runs in the same millisecond get {@code -2}, {@code -3}, ... */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);

    /**
     * The files {@code nn train} and {@code nn cv} write into a report folder: what {@code --overwrite} deletes, and
     * nothing else. A new report file is added here.
     */
    public static final Set<String> REPORT_FILES = Set.of("summary.txt", "metrics.json", "metrics.csv",
            "model.safetensors", "loss.png", "accuracy.png", "confusion.png", "init-variance.png", "activations.png",
            "cv-curves.png", "training-state.safetensors");

    /**
     * The folder as it is, for writing into one that {@link #fresh} or {@link #claim} made ready.
     *
     * @param dir the folder, created with its parents when missing
     * @return the folder
     * @throws NnException naming the folder and the fix when it cannot be created
     */
    public static ReportFolder create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NnException("Cannot create the report folder " + dir + ": " + e
                    + ". Choose a writable --out directory");
        }
        return new ReportFolder(dir);
    }

    /**
     * A new folder {@code <parent>/<prefix><yyyyMMdd-HHmmss-SSS>}, created here and by no other run: when two runs
     * start in the same millisecond, the second gets {@code -2} appended, the third {@code -3}, and so on.
     *
     * @param parent where run folders go, e.g. {@code runs}; created when missing
     * @param prefix e.g. {@code cv-}, or empty
     * @param clock gives the time stamp
     * @return the new, empty folder
     * @throws NnException when it cannot be created
     */
    public static ReportFolder fresh(Path parent, String prefix, Clock clock) {
        String stamp = prefix + STAMP.format(LocalDateTime.now(clock));
        try {
            Files.createDirectories(parent);
            for (int n = 1; ; n++) {
                Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
                try {
                    return writable(new ReportFolder(Files.createDirectory(dir)));   // fails when it exists
                } catch (FileAlreadyExistsException taken) {
                    // another run started in the same millisecond: take the next number
                }
            }
        } catch (IOException e) {
            throw new NnException("Cannot create a report folder in " + parent.toAbsolutePath() + ": " + e
                    + ". Run nn where it may create " + parent + ", or choose a writable folder with --out DIR");
        }
    }

    /**
     * The folder the user named with {@code --out}, made ready before the run starts: created when missing, checked
     * to be writable, cleared of temporary files a killed run left, and refused when it holds files, so that a new
     * report never replaces an old run's checkpoint or sits beside its stale charts.
     *
     * @param dir the folder
     * @param overwrite delete the {@link #REPORT_FILES} it holds instead of refusing it (other files are kept)
     * @return the folder
     * @throws NnException when the name is empty, the folder cannot be created or written, or it holds files and
     *         {@code overwrite} is off
     */
    public static ReportFolder claim(Path dir, boolean overwrite) {
        if (dir.toString().isBlank()) {
            throw new NnException("--out needs a folder name, got an empty one; name a new folder (--out runs/exp1), "
                    + "or leave out --out for a new folder under runs/");
        }
        ReportFolder folder = writable(create(dir));
        AtomicFiles.removeLeftovers(dir);
        List<String> present = folder.files();
        if (present.isEmpty()) {
            return folder;
        }
        if (!overwrite) {
            throw new NnException("--out " + dir + " already holds files (" + String.join(", ", present.stream()
                    .limit(5).toList()) + (present.size() > 5 ? ", ..." : "") + "); a new run does not write over "
                    + "another run's report and checkpoint. Choose a new folder, leave out --out for a new folder "
                    + "under runs/, or add --overwrite to delete nn's report files there first (other files are kept)");
        }
        for (String name : present) {
            if (REPORT_FILES.contains(name)) {
                try {
                    Files.delete(dir.resolve(name));
                } catch (IOException e) {
                    throw new NnException("--overwrite cannot delete " + dir.resolve(name) + ": " + e + ". Delete it "
                            + "yourself, or choose another --out folder");
                }
            }
        }
        return folder;
    }

    /** The names of the entries in the folder, sorted. */
    private List<String> files() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new NnException("Cannot list the report folder " + dir + ": " + e + ". Choose another --out folder");
        }
    }

    /** Probes the folder by creating and deleting a file: an unwritable folder is found before training, not after. */
    private static ReportFolder writable(ReportFolder folder) {
        try {
            Files.delete(Files.createTempFile(folder.dir, ".nn-write-check-", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new NnException("Cannot write into the report folder " + folder.dir + ": " + e + ". Choose a "
                    + "writable folder with --out DIR");
        }
        return folder;
    }

    /**
     * @param name file name inside the folder
     * @param content UTF-8 text
     * @return the file
     */
    public Path text(String name, String content) {
        Path p = dir.resolve(name);
        AtomicFiles.writeString(p, content);
        return p;
    }

    /**
     * @param name file name inside the folder
     * @param bytes the content, e.g. a PNG
     * @return the file
     */
    public Path bytes(String name, byte[] bytes) {
        Path p = dir.resolve(name);
        AtomicFiles.write(p, out -> out.write(bytes));
        return p;
    }
}
