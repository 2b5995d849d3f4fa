package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.Main;
import dev.nn.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {
    @Test
    void writesTheReportFolderWithDecodablePngs(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("report");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int status = Main.run(new String[] {"experiment", "bn-vs-ln", "--quick", "--out", out.toString()},
                new PrintWriter(stdout), new PrintWriter(stderr));
        assertEquals(0, status, stderr.toString());
        String printed = stdout.toString();
        assertTrue(printed.contains("bn-vs-ln: BatchNorm, batch 2: epoch 1"), "progress lines: " + printed);
        assertTrue(printed.contains("every feature becomes -1 or +1"), printed);
        assertTrue(printed.contains("report in " + out), printed);
        assertEquals(printed.substring(printed.indexOf("BatchNorm vs LayerNorm on a table")).strip()
                        .startsWith(Files.readString(out.resolve("summary.txt")).strip().substring(0, 80)), true);
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(out.resolve("results.json")));
        assertEquals("bn-vs-ln", json.get("experiment"));
        assertEquals(3, ((List<?>) json.get("batch_norm_batch_of_2")).size() + 1);
        try (Stream<Path> files = Files.list(out)) {
            List<Path> pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
            assertEquals(1, pngs.size(), pngs.toString());
            for (Path png : pngs) {
                assertNotNull(Experiments.decode(Files.readAllBytes(png)), png + " does not decode");
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
    }

    @Test
    void unknownNameListsTheExperiments() {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int status = Main.run(new String[] {"experiment", "dropuot"}, new PrintWriter(stdout),
                new PrintWriter(stderr));
        assertEquals(2, status);
        assertTrue(stderr.toString().contains("Unknown experiment 'dropuot'. Valid: init, batchnorm, dropout, kfold, "
                + "capacity, bn-vs-ln"), stderr.toString());
    }

    @Test
    void defaultFolderIsStampedUnderRuns(@TempDir Path runs) {
        Path p = ExperimentReport.defaultFolder(runs, "kfold");
        assertEquals(runs, p.getParent());
        assertTrue(p.getFileName().toString().matches("experiment-kfold-\\d{8}-\\d{6}-\\d{3}"), p.toString());
        assertTrue(Files.isDirectory(p), "created, so that no other run takes it");
    }
}
