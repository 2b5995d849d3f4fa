package dev.nn.cli.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.core.layer.Sequential;
import dev.nn.regularize.NoiseSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
    private final Backend b = Backends.select("scalar");

    private static int parameterCount(Sequential model) {
        return model.namedParameters().values().stream().mapToInt(p -> p.value().size()).sum();
    }

    private Sequential build(String spec, ModelSpec.Norm norm, double dropout) {
        return ModelSpec.parse(spec).build(b, Shape.of(1, 28, 28), 10, norm, dropout, new SplittableRandom(1),
                NoiseSource.of(1));
    }

    @Test
    void parsesShortSpecs() {
        assertArrayEquals(new int[] {256, 128}, ModelSpec.parse("mlp").widths());
        assertArrayEquals(new int[] {32, 64}, ModelSpec.parse("cnn").widths());
        assertEquals(ModelSpec.parse("mlp:64, 32"), ModelSpec.parse("MLP:64,32"));
        assertEquals("mlp:64,32", ModelSpec.parse("mlp:64,32").toString());
    }

    @Test
    void badSpecsListWhatIsValid() {
        var unknown = assertThrows(NnException.class, () -> ModelSpec.parse("resnet"));
        assertTrue(unknown.getMessage().contains("Valid: mlp"), unknown.getMessage());
        var widths = assertThrows(NnException.class, () -> ModelSpec.parse("mlp:256,x"));
        assertTrue(widths.getMessage().contains("e.g. mlp:256,128"), widths.getMessage());
        assertThrows(NnException.class, () -> ModelSpec.parse("mlp:0"));
        var norm = assertThrows(NnException.class, () -> ModelSpec.Norm.parse("instance"));
        assertEquals("Unknown --norm 'instance'. Valid: batch, layer, group, none", norm.getMessage());
    }

    @Test
    void mlpHasPyTorchsParameterCount() {
        // 784*256 + 256 + 256*128 + 128 + 128*10 + 10, as torch's sum(p.numel()) for the same nn.Sequential
        assertEquals(235_146, parameterCount(build("mlp:256,128", ModelSpec.Norm.NONE, 0)));
        // with BatchNorm1d the Linear biases go (BN's shift replaces them) and BN adds weight + bias per feature
        assertEquals(235_146 - 256 - 128 + 2 * (256 + 128),
                parameterCount(build("mlp:256,128", ModelSpec.Norm.BATCH, 0)));
    }

    @Test
    void everyVariantRunsForwardToClassLogits() {
        float[] x = new float[4 * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) / 17f;
        }
        for (String spec : new String[] {"mlp:32", "cnn:4,8"}) {
            for (ModelSpec.Norm norm : ModelSpec.Norm.values()) {
                Sequential model = build(spec, norm, 0.5);
                var y = model.forward(b.tensor(Shape.of(4, 1, 28, 28), x), Mode.TRAIN);
                assertEquals(Shape.of(4, 10), y.shape(), spec + " " + norm);
                model.backward(b.zeros(y.shape()));
            }
        }
    }

    @Test
    void cnnRejectsTabularSamplesAndTooManyBlocks() {
        var tabular = assertThrows(NnException.class, () -> ModelSpec.parse("cnn").build(b, Shape.of(4), 3,
                ModelSpec.Norm.NONE, 0, new SplittableRandom(1), NoiseSource.of(1)));
        assertTrue(tabular.getMessage().contains("use --model mlp"), tabular.getMessage());
        assertThrows(NnException.class, () -> build("cnn:2,2,2,2,2,2", ModelSpec.Norm.NONE, 0));
        assertEquals(8, ModelSpec.groups(64));
        assertEquals(6, ModelSpec.groups(12));
        assertEquals(7, ModelSpec.groups(7));
        assertEquals(1, ModelSpec.groups(11));
    }
}
