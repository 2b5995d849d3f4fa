package dev.nn.regularize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every noise layer reports where its stream stands, and setting that position replays its draws. */
class NoiseStepsTest {
    /** Each layer with an input of the rank it takes: 120 values, enough for two masks to differ. */
    private record Case(Function<NoiseSource, Layer> build, int... dims) {
    }

    private static final List<Case> LAYERS = List.of(
            new Case(n -> new Dropout(0.5, n), 4, 30), new Case(n -> new AlphaDropout(0.5, n), 4, 30),
            new Case(n -> new Dropout1d(0.5, n), 4, 6, 5), new Case(n -> new Dropout2d(0.5, n), 2, 6, 2, 5),
            new Case(n -> new Dropout3d(0.5, n), 2, 6, 2, 1, 5),
            new Case(n -> new FeatureAlphaDropout(0.5, n), 2, 6, 2, 5),
            new Case(n -> new GaussianDropout(0.5, n), 4, 30), new Case(n -> new GaussianNoise(0.5, n), 4, 30));

    @Test
    void theStepCountsTrainingDrawsAndResettingItReplaysThem() {
        for (Case c : LAYERS) {
            Tensor x = Tensors.ramp(c.dims());
            Layer layer = c.build().apply(NoiseSource.of(7));
            Map<String, Counter> steps = layer.ownNoiseSteps();
            assertEquals(List.of(NoiseSource.STEP), List.copyOf(steps.keySet()), layer.toString());
            float[] first = layer.forward(x, Mode.TRAIN).toArray();
            layer.forward(x, Mode.EVAL);                       // eval draws nothing
            float[] second = layer.forward(x, Mode.TRAIN).toArray();
            assertEquals(2, steps.get(NoiseSource.STEP).get(), layer.toString());
            assertFalse(java.util.Arrays.equals(first, second), layer + ": a new step draws a new mask");
            steps.get(NoiseSource.STEP).set(1);
            assertArrayEquals(second, layer.forward(x, Mode.TRAIN).toArray(), layer + " replays step 1");
        }
    }
}
