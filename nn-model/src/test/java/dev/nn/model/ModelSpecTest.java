package dev.nn.model;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSpecTest {
    private final Backend b = Backends.select("scalar");

    private static int parameterCount(Sequential model) {
        return model.namedParameters().values().stream().mapToInt(p -> p.value().size()).sum();
    }

    private Sequential build(String spec) {
        return ModelSpec.parse(spec).build(b, Shape.of(1, 28, 28), 10, new SplittableRandom(1), NoiseSource.of(1));
    }

    @Test
    void parsesShortSpecsWithTheDefaults() {
        assertArrayEquals(new int[] {256, 128}, ModelSpec.parse("mlp").widths());
        assertArrayEquals(new int[] {32, 64}, ModelSpec.parse("cnn").widths());
        assertEquals(ModelSpec.parse("mlp:64, 32"), ModelSpec.parse("MLP:64,32"));
        assertEquals(new ModelSpec("mlp", new int[] {64, 32}, "batch", 0), ModelSpec.parse("mlp:64,32"));
        assertEquals("mlp:64,32;norm=batch;dropout=0", ModelSpec.parse("mlp:64,32").toString());
        assertEquals("cnn:8;norm=layer;dropout=0.25", ModelSpec.parse("cnn:8 ; dropout=0.25; norm=LAYER").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn", "mlp:784,256,128;norm=batch;dropout=0.3", "cnn:16,32;norm=group",
            "mlp:10;norm=none;dropout=0.5", "mlp:3;norm=rms_norm", "cnn:4;norm=instance;dropout=1e-3",
            "mlp:5;dropout=0.1", "mlp:7;norm=layer_norm;dropout=0.30000000000000004"})
    void theTextFormRoundTripsExactly(String text) {
        ModelSpec spec = ModelSpec.parse(text);
        assertEquals(spec, ModelSpec.parse(spec.toString()));
        assertEquals(spec.toString(), ModelSpec.parse(spec.toString()).toString());
    }

    @Test
    void normalizationsAreWrittenByTheirShortNames() {
        assertEquals("batch", ModelSpec.parse("mlp;norm=batch_norm").norm());
        assertEquals(ModelSpec.parse("mlp;norm=group"), ModelSpec.parse("mlp;norm=group_norm"));
        assertEquals("none", ModelSpec.parse("mlp").withNorm("NONE").norm());
        assertEquals(0L, Double.doubleToRawLongBits(ModelSpec.parse("mlp").withDropout(-0.0).dropout()));
    }

    @Test
    void badSpecsListWhatIsValid() {
        var unknown = assertThrows(NnException.class, () -> ModelSpec.parse("resnet"));
        assertTrue(unknown.getMessage().contains("Valid: mlp"), unknown.getMessage());
        var widths = assertThrows(NnException.class, () -> ModelSpec.parse("mlp:256,x"));
        assertTrue(widths.getMessage().contains("e.g. mlp:256,128"), widths.getMessage());
        assertThrows(NnException.class, () -> ModelSpec.parse("mlp:0"));
        assertThrows(NnException.class, () -> ModelSpec.parse("mlp:4,"));
        var option = assertThrows(NnException.class, () -> ModelSpec.parse("mlp;lr=0.1"));
        assertTrue(option.getMessage().contains("Valid: norm=NAME and dropout=P"), option.getMessage());
        var twice = assertThrows(NnException.class, () -> ModelSpec.parse("mlp;dropout=0.1;dropout=0.2"));
        assertTrue(twice.getMessage().contains("sets dropout twice"), twice.getMessage());
        var dropout = assertThrows(NnException.class, () -> ModelSpec.parse("mlp;dropout=1"));
        assertTrue(dropout.getMessage().contains("a probability in [0, 1)"), dropout.getMessage());
        assertThrows(NnException.class, () -> ModelSpec.parse("mlp;dropout=NaN"));
    }

    @Test
    void anUnknownNormalizationListsTheInstalledOnes() {
        var e = assertThrows(NnException.class, () -> ModelSpec.parse("mlp;norm=power"));
        assertTrue(e.getMessage().startsWith("Unknown normalization 'power'. Installed: batch_norm, group_norm, "
                + "instance_norm, layer_norm, rms_norm, none"), e.getMessage());
    }

    @Test
    void mlpHasPyTorchsParameterCount() {
        // 784*256 + 256 + 256*128 + 128 + 128*10 + 10, as torch's sum(p.numel()) for the same nn.Sequential
        assertEquals(235_146, parameterCount(build("mlp:256,128;norm=none")));
        // with BatchNorm1d the Linear biases go (BN's shift replaces them) and BN adds weight + bias per feature
        assertEquals(235_146 - 256 - 128 + 2 * (256 + 128), parameterCount(build("mlp:256,128;norm=batch")));
    }

    @Test
    void everyVariantRunsForwardToClassLogits() {
        float[] x = new float[4 * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) / 17f;
        }
        for (String spec : new String[] {"mlp:32", "cnn:4,8"}) {
            for (String norm : new String[] {"none", "batch", "layer", "group", "rms"}) {
                Sequential model = build(spec + ";norm=" + norm + ";dropout=0.5");
                var y = model.forward(b.tensor(Shape.of(4, 1, 28, 28), x), Mode.TRAIN);
                assertEquals(Shape.of(4, 10), y.shape(), spec + " " + norm);
                model.backward(b.zeros(y.shape()));
            }
        }
    }

    @Test
    void cnnRejectsTabularSamplesAndTooManyBlocks() {
        var tabular = assertThrows(NnException.class, () -> ModelSpec.parse("cnn").build(b, Shape.of(4), 3,
                new SplittableRandom(1), NoiseSource.of(1)));
        assertTrue(tabular.getMessage().contains("use --model mlp"), tabular.getMessage());
        assertThrows(NnException.class, () -> build("cnn:2,2,2,2,2,2;norm=none"));
        assertEquals(8, ModelSpec.groups(64));
        assertEquals(6, ModelSpec.groups(12));
        assertEquals(7, ModelSpec.groups(7));
        assertEquals(1, ModelSpec.groups(11));
    }
}
