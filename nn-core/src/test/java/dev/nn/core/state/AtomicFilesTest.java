package dev.nn.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftover temporaries of killed writers: removed on the next write, those of live writers kept. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    /** The id of a process that has ended. */
    private static long endedProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private Path leftover(String target, long pid, int n) throws IOException {
        return Files.writeString(dir.resolve("." + target + "." + pid + "." + n + ".tmp"), "half a checkpoint");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theNextWriteRemovesWhatKilledWritersLeft() throws Exception {
        long ended = endedProcess();
        long self = ProcessHandle.current().pid();
        leftover("model.safetensors", ended, 1);
        leftover("model.safetensors", self, 999_999);   // an earlier process with this id (containers reuse ids)
        AtomicFiles.writeString(dir.resolve("model.safetensors"), "new");
        assertEquals(List.of("model.safetensors"), names());
        assertEquals("new", Files.readString(dir.resolve("model.safetensors")));
    }

    @Test
    void aLiveWritersTemporaryAndOtherFilesStay() throws Exception {
        long parent = ProcessHandle.current().parent().orElseThrow().pid();   // alive, started before the file
        Path live = leftover("model.safetensors", parent, 1);
        Path otherTarget = leftover("metrics.json", endedProcess(), 1);
        Files.writeString(dir.resolve(".model.safetensors.notes.tmp"), "not one of ours");
        AtomicFiles.removeStaleTemporaries(dir.resolve("model.safetensors"));
        assertTrue(Files.exists(live), "may still be written");
        assertTrue(Files.exists(otherTarget), "belongs to another target, cleaned when that one is written");
        assertTrue(Files.exists(dir.resolve(".model.safetensors.notes.tmp")), "not an AtomicFiles name");
    }

    @Test
    void aTemporaryOlderThanTheProcessHoldingItsIdIsStale() throws Exception {
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        Path reused = leftover("model.safetensors", parent, 2);
        Files.setLastModifiedTime(reused, FileTime.from(Instant.EPOCH));   // written before that process started
        AtomicFiles.removeStaleTemporaries(dir.resolve("model.safetensors"));
        assertFalse(Files.exists(reused));
    }

    @Test
    void aRunStartingInAFolderRemovesEveryLeftoverThere() throws Exception {
        Process live = new ProcessBuilder("sleep", "30").start();
        try {
            Path dead = leftover("model.safetensors", endedProcess(), 7);
            Path running = leftover("metrics.json", live.pid(), 3);
            Path target = Files.writeString(dir.resolve("model.safetensors"), "complete");
            Path lookalike = Files.writeString(dir.resolve("notes.tmp"), "not ours");

            assertEquals(List.of(dead), AtomicFiles.removeLeftovers(dir));
            assertTrue(Files.exists(running), "a running writer's file is kept");
            assertTrue(Files.exists(target) && Files.exists(lookalike), "only temporary files are touched");
            assertEquals(List.of(), AtomicFiles.removeLeftovers(dir.resolve("missing")));
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void aTemporaryFileIsNeverTheTarget() throws IOException {
        Path target = dir.resolve("summary.txt");
        AtomicFiles.writeString(target, "done");
        assertEquals(List.of("summary.txt"), names(), "after a write only the target is left");
    }
}
