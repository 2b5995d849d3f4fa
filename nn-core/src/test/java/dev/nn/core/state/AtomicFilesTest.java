package dev.nn.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    /** Above Linux's largest pid (2^22): no process has it. */
    private static final long DEAD_PID = 999_999_999L;

    @Test
    void leftoversOfKilledWritersAreRemovedOnTheNextUse(@TempDir Path dir) throws IOException {
        // what a kill -9 during AtomicFiles.write leaves: the temporary file of a process that no longer runs
        Path dead = Files.writeString(dir.resolve(".model.safetensors." + DEAD_PID + ".7.tmp"), "half a file");
        Path running = Files.writeString(dir.resolve(".metrics.json." + ProcessHandle.current().pid() + ".3.tmp"),
                "being written");
        Path target = Files.writeString(dir.resolve("model.safetensors"), "complete");
        Path lookalike = Files.writeString(dir.resolve("notes.tmp"), "not ours");

        assertEquals(List.of(dead), AtomicFiles.removeLeftovers(dir));
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(running), "a running writer's file is kept");
        assertTrue(Files.exists(target) && Files.exists(lookalike), "only temporary files are touched");
        assertEquals(List.of(), AtomicFiles.removeLeftovers(dir.resolve("missing")));
    }

    @Test
    void aTemporaryFileIsNeverTheTarget(@TempDir Path dir) {
        Path target = dir.resolve("summary.txt");
        AtomicFiles.writeString(target, "done");
        assertEquals(List.of(target), List.of(dir.toFile().listFiles()).stream().map(java.io.File::toPath).toList(),
                "after a write only the target is left");
    }
}
