package dev.nn.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFolderTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-03-01T12:00:00.250Z"), ZoneOffset.UTC);

    @Test
    void runsStartedInTheSameMillisecondGetFoldersOfTheirOwn(@TempDir Path runs) throws Exception {
        Path first = ReportFolder.fresh(runs, "", NOON).dir();
        assertEquals(runs.resolve("20260301-120000-250"), first);
        assertEquals(runs.resolve("20260301-120000-250-2"), ReportFolder.fresh(runs, "", NOON).dir());
        assertEquals(runs.resolve("cv-20260301-120000-250"), ReportFolder.fresh(runs, "cv-", NOON).dir());
        // eight runs at once, all in the same millisecond: eight folders
        Set<Path> folders = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Path>> started = java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> pool.submit(() -> ReportFolder.fresh(runs, "x-", NOON).dir())).toList();
            for (Future<Path> f : started) {
                folders.add(f.get());
            }
        }
        assertEquals(8, folders.size(), folders.toString());
    }

    @Test
    void theDefaultStampCountsMilliseconds(@TempDir Path runs) {
        Path a = ReportFolder.fresh(runs, "", Clock.systemUTC()).dir();
        Path b = ReportFolder.fresh(runs, "", Clock.systemUTC()).dir();
        assertNotEquals(a, b);
        assertTrue(a.getFileName().toString().matches("\\d{8}-\\d{6}-\\d{3}"), a.toString());
    }

    @Test
    void aFolderHoldingFilesIsRefusedUnlessOverwriteIsAsked(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model.safetensors"), "old run's checkpoint");
        Files.writeString(dir.resolve("cv-curves.png"), "old run's chart");
        Files.writeString(dir.resolve("notes.txt"), "the user's");
        NnException e = assertThrows(NnException.class, () -> ReportFolder.claim(dir, false));
        assertEquals("--out " + dir + " already holds files (cv-curves.png, model.safetensors, notes.txt); a new run "
                + "does not write over another run's report and checkpoint. Choose a new folder, leave out --out for a "
                + "new folder under runs/, or add --overwrite to delete nn's report files there first (other files "
                + "are kept)", e.getMessage());
        assertTrue(Files.exists(dir.resolve("model.safetensors")), "nothing is touched");

        ReportFolder.claim(dir, true);
        assertEquals(List.of("notes.txt"), List.of(dir.toFile().list()));
    }

    @Test
    void anEmptyNameIsNotTheCurrentDirectory() {
        NnException e = assertThrows(NnException.class, () -> ReportFolder.claim(Path.of(""), false));
        assertTrue(e.getMessage().startsWith("--out needs a folder name, got an empty one"), e.getMessage());
    }

    @Test
    void aTemporaryFileLeftByAKilledRunIsRemovedAndDoesNotCount(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".model.safetensors.999999999.4.tmp"), "half a checkpoint");
        ReportFolder.claim(dir, false);
        assertEquals(0, dir.toFile().list().length);
    }

    @Test
    void aMissingFolderIsCreatedAndAFileInItsPlaceRefused(@TempDir Path tmp) throws IOException {
        assertTrue(Files.isDirectory(ReportFolder.claim(tmp.resolve("a/b"), false).dir()));
        Path file = Files.writeString(tmp.resolve("file"), "x");
        NnException e = assertThrows(NnException.class, () -> ReportFolder.claim(file, false));
        assertTrue(e.getMessage().contains("Choose a writable --out directory"), e.getMessage());
    }
}
