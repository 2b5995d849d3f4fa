package dev.nn.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingStateTest {
    @TempDir
    Path tmp;

    @Test
    void valuesAndArraysComeBackBitForBitInTheirScopes() {
        TrainingState s = new TrainingState();
        TrainingState optimizer = s.scope("optimizer");
        optimizer.putArray("exp_avg.0", new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f}, Shape.of(2, 2));
        optimizer.putDouble("lr", 0.1 + 0.2);
        optimizer.putLong("step", Long.MAX_VALUE);
        s.scope("early").putDouble("best", Double.POSITIVE_INFINITY);
        s.scope("early").putDouble("nan", Double.NaN);
        s.putBoolean("shuffle", true);
        Path file = tmp.resolve("state.safetensors");
        s.write(file);

        TrainingState back = TrainingState.read(file);
        assertArrayEquals(new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f},
                back.scope("optimizer").array("exp_avg.0", Shape.of(2, 2)));
        assertEquals(0.30000000000000004, back.scope("optimizer").getDouble("lr"));
        assertEquals(Long.MAX_VALUE, back.scope("optimizer").getLong("step"));
        assertEquals(Double.POSITIVE_INFINITY, back.scope("early").getDouble("best"));
        assertTrue(Double.isNaN(back.scope("early").getDouble("nan")));
        assertTrue(back.getBoolean("shuffle"));
        assertEquals(List.of("exp_avg.0"), back.scope("optimizer").arrayNames());
        assertEquals(List.of("optimizer.exp_avg.0"), back.arrayNames());
    }

    @Test
    void missingOrMisshapenEntriesNameTheEntryAndTheFix() {
        Path file = tmp.resolve("s.safetensors");
        TrainingState s = new TrainingState();
        s.scope("model").putArray("0.weight", new float[6], Shape.of(2, 3));
        s.write(file);
        TrainingState back = TrainingState.read(file);
        var shape = assertThrows(CheckpointException.class, () -> back.scope("model").array("0.weight",
                Shape.of(3, 2)));
        assertEquals(file + ": array 'model.0.weight' has shape [2, 3] but this run needs [3, 2]; it was saved by a "
                + "run with another model or settings. Resume with the options the run was started with",
                shape.getMessage());
        var missing = assertThrows(CheckpointException.class, () -> back.scope("trainer").getLong("epochs"));
        assertTrue(missing.getMessage().startsWith(file + " has no value 'trainer.epochs'"), missing.getMessage());
    }

    @Test
    void truncatedForeignAndOtherVersionFilesAreRefused() throws IOException {
        Path file = tmp.resolve("s.safetensors");
        TrainingState s = new TrainingState();
        s.putArray("w", new float[] {1, 2, 3}, Shape.of(3));
        s.write(file);
        byte[] bytes = Files.readAllBytes(file);

        Path truncated = Files.write(tmp.resolve("truncated"), Arrays.copyOf(bytes, bytes.length - 5));
        var cut = assertThrows(CheckpointException.class, () -> TrainingState.read(truncated));
        assertTrue(cut.getMessage().contains("is truncated"), cut.getMessage());

        Path model = tmp.resolve("model.safetensors");
        Safetensors.writeArrays(model, Map.of("w", new StoredTensor("F32", Shape.of(1), new float[] {1})), null);
        var foreign = assertThrows(CheckpointException.class, () -> TrainingState.read(model));
        assertEquals(model + " is not an nn training state: its metadata has format (none), expected '"
                + TrainingState.FORMAT + "'. Pass the state file nn train writes after every epoch",
                foreign.getMessage());

        Map<String, String> meta = new LinkedHashMap<>(Safetensors.read(file).metadata());
        meta.put("nn_version", "0.0.1");
        Path old = tmp.resolve("old.safetensors");
        Safetensors.writeArrays(old, Map.of("w", new StoredTensor("F32", Shape.of(3), new float[] {1, 2, 3})), meta);
        var version = assertThrows(CheckpointException.class, () -> TrainingState.read(old));
        assertEquals(old + " was written by nn 0.0.1, but this is nn " + TrainingState.nnVersion() + ": another "
                + "version may compute differently, so the resumed run could not match the uninterrupted one. "
                + "Resume with nn 0.0.1, or start a new run", version.getMessage());
    }
}
