package dev.nn.regularize;

import static dev.nn.regularize.Tensors.SCALAR;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * The seed's classic experiment (Srivastava et al. 2014): a wide MLP trained on a small sample memorizes it, label
 * noise included, and does much worse on fresh data; dropout with p = 0.5 on the hidden layer narrows the gap
 * between training and validation error. Data: 2-D standard-normal points labelled by the XOR of their signs, 20%
 * of labels flipped; 100 training and 1000 validation points; Linear(2, 512), ReLU, [Dropout], Linear(512, 2),
 * 1500 full-batch SGD steps (lr 0.2, momentum 0.9). The same setup in PyTorch over six seeds gave plain training
 * error <= 0.04 with gaps of 0.31 to 0.37, and dropout gaps 0.15 to 0.24 smaller.
 */
class OverfittingDemoTest {
    private static final int FEATURES = 2;
    private static final int HIDDEN = 512;
    private static final int TRAIN = 100;
    private static final int VALIDATION = 1000;
    private static final double LABEL_NOISE = 0.2;
    private static final int STEPS = 1500;

    /** Features N(0, 1); label = [x0 x1 > 0], flipped with probability 0.2. */
    private record Data(Tensor x, Tensor y) {
        static Data draw(int n, RandomGenerator rng) {
            float[] x = new float[n * FEATURES];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < FEATURES; f++) {
                    x[i * FEATURES + f] = (float) rng.nextGaussian();
                }
                int label = x[i * FEATURES] * x[i * FEATURES + 1] > 0 ? 1 : 0;
                y[i] = rng.nextDouble() < LABEL_NOISE ? 1 - label : label;
            }
            return new Data(SCALAR.tensor(Shape.of(n, FEATURES), x), SCALAR.tensor(Shape.of(n), y));
        }
    }

    private record Fit(double trainError, double validationError) {
        double gap() {
            return validationError - trainError;
        }
    }

    private static double error(Layer model, Data data) {
        float[] logits = model.forward(data.x(), Mode.EVAL).toArray();
        float[] labels = data.y().toArray();
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            int predicted = logits[2 * i + 1] > logits[2 * i] ? 1 : 0;
            wrong += predicted != (int) labels[i] ? 1 : 0;
        }
        return (double) wrong / labels.length;
    }

    private static Fit train(double dropout, Data train, Data validation) {
        RandomGenerator init = RandomGeneratorFactory.of("L64X128MixRandom").create(1234);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Linear(SCALAR, FEATURES, HIDDEN, init));
        layers.add(new ReLU());
        if (dropout > 0) {
            layers.add(new Dropout(dropout, NoiseSource.of(99)));
        }
        layers.add(new Linear(SCALAR, HIDDEN, 2, init));
        Sequential model = new Sequential(layers);
        Sgd sgd = new Sgd(List.copyOf(model.namedParameters().values()), 0.2, 0.9, 0, 0, false);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        for (int step = 0; step < STEPS; step++) {        // full-batch gradient descent with momentum
            sgd.zeroGrad();
            loss.forward(model.forward(train.x(), Mode.TRAIN), train.y());
            model.backward(loss.backward());
            sgd.step();
        }
        return new Fit(error(model, train), error(model, validation));
    }

    @Test
    void dropoutShrinksTheGapBetweenTrainingAndValidationError() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(2014);
        Data train = Data.draw(TRAIN, rng);
        Data validation = Data.draw(VALIDATION, rng);

        Fit plain = train(0.0, train, validation);
        Fit dropped = train(0.5, train, validation);
        System.out.printf("no dropout: train error %.3f, validation error %.3f, gap %.3f%n",
                plain.trainError(), plain.validationError(), plain.gap());
        System.out.printf("dropout 0.5: train error %.3f, validation error %.3f, gap %.3f%n",
                dropped.trainError(), dropped.validationError(), dropped.gap());

        assertTrue(plain.trainError() <= 0.05, "without dropout the MLP memorizes its 100 samples: " + plain);
        assertTrue(plain.gap() >= 0.2, "and does far worse on fresh data (over-fits): " + plain);
        assertTrue(dropped.trainError() >= plain.trainError() + 0.05,
                "with dropout it no longer memorizes the flipped labels: " + dropped + " vs " + plain);
        assertTrue(dropped.gap() <= plain.gap() - 0.1, "dropout shrinks the gap by at least 0.1: " + dropped
                + " vs " + plain);
    }
}
