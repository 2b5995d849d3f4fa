package dev.nn.init;

import dev.nn.api.layer.Layer;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test models built from nn-core's layers. */
final class Models {
    private Models() {
    }

    /** depth x (Linear(width, width), ReLU), created with nn-core's default init. */
    static Sequential reluMlp(int depth, int width) {
        SplittableRandom r = new SplittableRandom(99);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            layers.add(new Linear(Samples.BACKEND, width, width, r));
            layers.add(new ReLU());
        }
        return new Sequential(layers);
    }

    /** A standardized probe batch: N(0, 1) draws, then every feature shifted and scaled to mean 0, std 1. */
    static Tensor standardInput(int batch, int features, long seed) {
        float[] x = Samples.draw(Init.normal(0, 1), seed, batch, features);
        for (int f = 0; f < features; f++) {
            double mean = 0;
            for (int b = 0; b < batch; b++) {
                mean += x[b * features + f];
            }
            mean /= batch;
            double var = 0;
            for (int b = 0; b < batch; b++) {
                var += (x[b * features + f] - mean) * (x[b * features + f] - mean);
            }
            double std = Math.sqrt(var / batch);
            for (int b = 0; b < batch; b++) {
                x[b * features + f] = (float) ((x[b * features + f] - mean) / std);
            }
        }
        return Samples.BACKEND.tensor(Shape.of(batch, features), x);
    }
}
