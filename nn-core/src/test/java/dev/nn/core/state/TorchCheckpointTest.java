package dev.nn.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.core.json.Json;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorch {@code nn.Sequential(Linear(4, 5), ReLU(), Linear(5, 3))} checkpoint loads into nn's own Sequential
 * (same state_dict names), computes PyTorch's outputs, and saves back to PyTorch's bytes.
 */
class TorchCheckpointTest {
    private static final Backend B = Backends.select("scalar");
    private static final Path DIR = Path.of("src/test/resources/dev/nn/core/state");

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void pytorchMlpLoadsComputesTheSameOutputsAndSavesTheSameBytes() throws IOException {
        SplittableRandom r = new SplittableRandom(0);
        Sequential model = new Sequential(new Linear(B, 4, 5, r), new ReLU(), new Linear(B, 5, 3, r));
        Map<String, String> meta = ModelState.load(model, DIR.resolve("torch_mlp.safetensors"));
        assertEquals(Map.of("format", "pt"), meta);
        Map<String, Object> ref = (Map<String, Object>) Json.parse(Files.readString(DIR.resolve("torch_mlp.json")));
        float[] x = SafetensorsTest.values(ref.get("input"));
        float[] expected = SafetensorsTest.values(ref.get("output"));
        float[] y = model.forward(B.tensor(Shape.of(6, 4), x), Mode.EVAL).toArray();
        assertArrayEquals(expected, y, 1e-6f);
        Path out = tmp.resolve("back.safetensors");
        ModelState.save(model, out, meta);
        assertArrayEquals(Files.readAllBytes(DIR.resolve("torch_mlp.safetensors")), Files.readAllBytes(out));
    }
}
