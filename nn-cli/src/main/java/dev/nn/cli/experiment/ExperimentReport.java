package dev.nn.cli.experiment;

import dev.nn.cli.report.ReportFolder;
import dev.nn.core.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an experiment's report folder: {@code summary.txt}, {@code results.json} and the PNG charts. */
final class ExperimentReport {
    private ExperimentReport() {
    }

    /**
     * @param parent where run folders go, e.g. {@code runs}
     * @param experiment the experiment's name
     * @return a new folder {@code <parent>/experiment-<name>-<yyyyMMdd-HHmmss-SSS>} of this run alone
     */
    static Path defaultFolder(Path parent, String experiment) {
        return ReportFolder.fresh(parent, "experiment-" + experiment + "-", Clock.systemDefaultZone()).dir();
    }

    /**
     * @param dir the folder, created with its parents when missing
     * @param experiment the experiment's name, recorded in the JSON
     * @param result what to write
     * @return the files written, in order
     */
    static Map<String, Path> write(Path dir, String experiment, ExperimentResult result) {
        ReportFolder folder = ReportFolder.create(dir);
        Map<String, Path> written = new LinkedHashMap<>();
        written.put("summary.txt", folder.text("summary.txt", result.summary()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", experiment);
        json.putAll(result.json());
        written.put("results.json", folder.text("results.json", Json.writePretty(json)));
        result.charts().forEach((name, png) -> written.put(name, folder.bytes(name, png)));
        return written;
    }
}
