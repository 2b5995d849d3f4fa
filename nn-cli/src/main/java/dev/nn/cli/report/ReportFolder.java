package dev.nn.cli.report;

import dev.nn.api.NnException;
import dev.nn.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A run's report folder. Every file goes through {@link AtomicFiles}, so a reader (or an interrupted run) never sees
 * half a file.
 *
 * @param dir the folder
 */
public record ReportFolder(Path dir) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /**
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
     * @param prefix e.g. {@code cv-}, or empty
     * @return {@code runs/<prefix><yyyyMMdd-HHmmss>}, the default of {@code --out}
     */
    public static Path timestamped(String prefix) {
        return Path.of("runs", prefix + STAMP.format(LocalDateTime.now()));
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
