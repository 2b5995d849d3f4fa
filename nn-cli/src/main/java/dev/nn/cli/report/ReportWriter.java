package dev.nn.cli.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a report's files one at a time into its folder. A file that cannot be made or written (a chart too large to
 * draw, a full disk) is recorded with why and does not stop the others: the report of a run is worth most when
 * something went wrong.
 */
public final class ReportWriter {
    private final ReportFolder folder;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, String> failed = new LinkedHashMap<>();

    /**
     * A writer into the folder.
     *
     * @param folder the report folder
     */
    public ReportWriter(ReportFolder folder) {
        this.folder = folder;
    }

    /**
     * What was written, and what could not be.
     *
     * @param files the files written, in order
     * @param failed each file that could not be made or written, with why
     */
    public record Written(List<Path> files, Map<String, String> failed) {
        /** Copies both. */
        public Written {
            files = List.copyOf(files);
            failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));   // in the order they failed
        }

        /**
         * Prints a warning per file that was not written, then the {@code report:} line naming the files that were.
         *
         * @param out where the run prints
         * @param folder the report folder
         */
        public void print(PrintWriter out, Path folder) {
            failed.forEach((file, why) -> out.println("warning: " + file + " was not written: " + why));
            out.println("report: " + folder.toAbsolutePath() + " (" + String.join(", ", files.stream()
                    .map(f -> f.getFileName().toString()).toList()) + ")");
        }
    }

    /**
     * Makes and writes a UTF-8 text file, recording a failure instead of throwing.
     *
     * @param name file name inside the folder
     * @param content makes the text
     */
    public void text(String name, Supplier<String> content) {
        write(name, () -> folder.text(name, content.get()));
    }

    /**
     * Makes and writes a binary file (a chart), recording a failure instead of throwing.
     *
     * @param name file name inside the folder
     * @param content makes the bytes
     */
    public void bytes(String name, Supplier<byte[]> content) {
        write(name, () -> folder.bytes(name, content.get()));
    }

    /** {@return the files written so far and those that failed} */
    public Written written() {
        return new Written(files, new LinkedHashMap<>(failed));
    }

    private void write(String name, Supplier<Path> writing) {
        try {
            files.add(writing.get());
        } catch (RuntimeException | OutOfMemoryError e) {
            failed.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
