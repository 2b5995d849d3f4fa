package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.report.ReportFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code nn train} and {@code nn cv} write: each run a folder of its own, checked before training. */
class RunFolderTest {
    @TempDir
    static Path shared;
    private static Path data;

    @BeforeAll
    static void unpackBundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
    }

    private static CliRun quick(String command, String... options) {
        List<String> args = new ArrayList<>(List.of(command, "--data", data.toString(), "--limit", "300",
                "--epochs", "1", "--model", "mlp:8", "--backend", "scalar"));
        if (command.equals("cv")) {
            args.addAll(List.of("--folds", "2"));
        }
        args.addAll(Arrays.asList(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertRefusedBeforeTraining(CliRun r, String message) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: " + message), r.err());
        assertFalse(r.out().contains("epoch 1/"), "refused before training: " + r.out());
    }

    @Test
    void anOldRunsFolderIsNotSilentlyReused(@TempDir Path out) throws IOException {
        assertEquals(0, quick("cv", "--out", out.toString()).status());
        assertRefusedBeforeTraining(quick("train", "--out", out.toString()), "--out " + out + " already holds files "
                + "(cv-curves.png, metrics.csv, metrics.json, summary.txt); a new run does not write over");
        assertRefusedBeforeTraining(quick("cv", "--out", out.toString()), "--out " + out + " already holds files");

        Files.writeString(out.resolve("notes.txt"), "the user's own file");
        CliRun r = quick("train", "--out", out.toString(), "--overwrite");
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(out.resolve("cv-curves.png")), "no stale chart of the old run beside the new report");
        assertTrue(Files.exists(out.resolve("notes.txt")), "only nn's own files are deleted");
        assertTrue(Files.readString(out.resolve("summary.txt")).startsWith("nn train"));
    }

    @Test
    void overwriteKnowsEveryFileARunWrites(@TempDir Path out) throws IOException {
        assertEquals(0, quick("train", "--out", out.toString()).status());
        try (var files = Files.list(out)) {
            List<String> written = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(written.contains("training-state.safetensors") && written.contains("model.safetensors"),
                    written.toString());
            assertTrue(ReportFolder.REPORT_FILES.containsAll(written), "--overwrite would leave behind: "
                    + written.stream().filter(f -> !ReportFolder.REPORT_FILES.contains(f)).toList());
        }
    }

    @Test
    void anEmptyOutIsAnErrorNotTheCurrentDirectory() {
        assertRefusedBeforeTraining(quick("train", "--out", ""), "--out needs a folder name, got an empty one");
        assertRefusedBeforeTraining(quick("cv", "--out="), "--out needs a folder name, got an empty one");
        assertRefusedBeforeTraining(quick("train", "--overwrite"), "--overwrite needs --out DIR");
    }

    @Test
    void aTemporaryFileLeftByAKilledRunIsCleanedWhenTheFolderIsUsed(@TempDir Path out) throws IOException {
        Path leftover = Files.writeString(out.resolve(".model.safetensors.999999999.2.tmp"), "half a checkpoint");
        assertEquals(0, quick("train", "--out", out.toString()).status());
        assertFalse(Files.exists(leftover));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aRunRefusedForItsDataLeavesNoEmptyFolderBehind(@TempDir Path tmp) throws IOException {
        Path noData = Files.createDirectories(tmp.resolve("no-data"));
        CliRun r = CliRun.of("train", "--data", noData.toString(), "--out", tmp.resolve("new").toString());
        assertEquals(2, r.status(), r.err());
        assertFalse(Files.exists(tmp.resolve("new")), "the folder nn created for the run is gone");
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        CliRun.of("train", "--data", noData.toString(), "--out", mine.toString());
        assertTrue(Files.isDirectory(mine), "a folder the user made stays");
    }

    /**
     * Ctrl-C while the data is still being read (the CSV is a named pipe that nobody writes): the folder the run
     * created is still empty, and goes with the run.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void ctrlCBeforeTrainingLeavesNoEmptyFolderBehind(@TempDir Path tmp) throws Exception {
        Path pipe = tmp.resolve("data.csv");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        Path out = tmp.resolve("run");
        NnProcess r = NnProcess.run(List.of(), List.of("train", "--csv", pipe.toString(), "--label", "y",
                "--backend", "scalar", "--out", out.toString()), (p, line) -> {
                    if (line.startsWith("backend: ")) {   // printed before the data is read
                        NnProcess.interrupt(p);
                    }
                });
        assertEquals(TrainCommand.INTERRUPTED, r.status(), r.output());
        assertFalse(Files.exists(out), "the empty folder is gone: " + r.output());
    }

    /** /proc/self is a directory that nobody, root included, can create files in. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void anUnwritableOutIsFoundBeforeTraining() {
        assertRefusedBeforeTraining(quick("train", "--out", "/proc/self"), "Cannot write into the report folder "
                + "/proc/self");
        assertRefusedBeforeTraining(quick("cv", "--out", "/proc/self"), "Cannot write into the report folder "
                + "/proc/self");
    }
}
