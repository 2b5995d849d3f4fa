package dev.nn.cli.experiment;

import dev.nn.api.NnException;
import dev.nn.core.json.Json;
import dev.nn.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an experiment's report folder: {@code summary.txt}, {@code results.json} and the PNG charts, atomically. */
final class ReportFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ReportFolder() {
    }

    /**
     * @param experiment the experiment's name
     * @param now the time to stamp
     * @return {@code runs/experiment-<name>-<yyyyMMdd-HHmmss>}
     */
    static Path defaultFolder(String experiment, LocalDateTime now) {
        return Path.of("runs", "experiment-" + experiment + "-" + STAMP.format(now));
    }

    /**
     * @param dir the folder, created with its parents when missing
     * @param experiment the experiment's name, recorded in the JSON
     * @param result what to write
     * @return the files written, in order
     */
    static Map<String, Path> write(Path dir, String experiment, ExperimentResult result) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NnException("Cannot create the report folder " + dir + ": " + e.getMessage()
                    + "; pass a writable folder with --out DIR");
        }
        Map<String, Path> written = new LinkedHashMap<>();
        Path summary = dir.resolve("summary.txt");
        AtomicFiles.writeString(summary, result.summary());
        written.put("summary.txt", summary);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", experiment);
        json.putAll(result.json());
        Path results = dir.resolve("results.json");
        AtomicFiles.writeString(results, Json.writePretty(json) + "\n");
        written.put("results.json", results);
        for (Map.Entry<String, byte[]> chart : result.charts().entrySet()) {
            Path png = dir.resolve(chart.getKey());
            byte[] bytes = chart.getValue();
            AtomicFiles.write(png, out -> out.write(bytes));
            written.put(chart.getKey(), png);
        }
        return written;
    }
}
