package dev.nn.core.loss;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.GradientCheck;
import dev.nn.core.layer.RandomTensors;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrossEntropyGradientTest {
    private final Backend b = Backends.select("scalar");

    @ParameterizedTest(name = "{0}, label_smoothing={1}")
    @CsvSource({"MEAN, 0", "SUM, 0", "MEAN, 0.1", "SUM, 0.2", "MEAN, 1"})
    void gradientsMatchFiniteDifferences(Reduction reduction, float smoothing) {
        var random = new SplittableRandom(51 + (long) (smoothing * 10));
        int rows = 5;
        int classes = 4;
        Tensor logits = RandomTensors.gaussian(b, random, rows, classes);
        b.scale(logits, logits, 2f);
        float[] targets = new float[rows];
        for (int i = 0; i < rows; i++) {
            targets[i] = random.nextInt(classes);
        }
        GradientCheck.loss("CrossEntropyLoss(" + reduction + ", " + smoothing + ")",
                new CrossEntropyLoss(reduction, smoothing), logits, b.tensor(Shape.of(rows), targets), 1e-2)
                .assertWithin(2e-4, 2e-3);
    }
}
