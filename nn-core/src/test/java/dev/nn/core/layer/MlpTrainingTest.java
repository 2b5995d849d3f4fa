package dev.nn.core.layer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Linear + ReLU + cross-entropy + SGD learn a problem no linear model can: two interleaved rings. */
class MlpTrainingTest {
    @Test
    void learnsConcentricRings() {
        Backend b = Backends.select("scalar");
        SplittableRandom random = new SplittableRandom(11);
        int n = 400;
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double r = (label == 0 ? 0.5 : 1.5) + random.nextGaussian() * 0.1;
            double angle = random.nextDouble(2 * Math.PI);
            x[2 * i] = (float) (r * Math.cos(angle));
            x[2 * i + 1] = (float) (r * Math.sin(angle));
            y[i] = label;
        }
        Tensor inputs = b.tensor(Shape.of(n, 2), x);
        Tensor targets = b.tensor(Shape.of(n), y);
        var model = new Sequential(new Linear(b, 2, 32, random), new ReLU(), new Linear(b, 32, 2, random));
        var loss = new CrossEntropyLoss();
        var sgd = new Sgd(model.namedParameters().values().stream().toList(), 0.2, 0.9, 0, 0, false);
        float first = Float.NaN;
        float last = Float.NaN;
        for (int epoch = 0; epoch < 300; epoch++) {
            sgd.zeroGrad();
            last = loss.forward(model.forward(inputs, Mode.TRAIN), targets).item();
            if (epoch == 0) {
                first = last;
            }
            model.backward(loss.backward());
            sgd.step();
        }
        float[] logits = model.forward(inputs, Mode.EVAL).toArray();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int predicted = logits[2 * i + 1] > logits[2 * i] ? 1 : 0;
            correct += predicted == (int) y[i] ? 1 : 0;
        }
        assertTrue(last < 0.2f * first, "loss went from " + first + " to " + last);
        assertTrue(correct >= 0.97 * n, "accuracy " + correct + "/" + n);
    }
}
