package dev.nn.run;

import dev.nn.api.layer.Mode;
import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializer;
import dev.nn.api.init.Initializers;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.Params;
import dev.nn.api.spi.ProviderNotFoundException;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The smoke command of the small jlink images ({@code nn-run}): builds an MLP, initializes its weights through the
 * initializer SPI, and trains a few SGD steps (forward, backward, update) on a fixed random batch, printing the
 * backend that ran them. It needs nothing beyond {@code dev.nn.core} and an initializer module, so it proves that an
 * image holding only those modules (and optionally a backend) runs a model.
 */
public final class SmokeRun {
    private static final int FEATURES = 8;
    private static final int HIDDEN = 16;
    private static final int CLASSES = 3;
    private static final int BATCH = 12;

    private SmokeRun() {
    }

    /**
     * Runs the smoke and exits with its status: 0 when the loss stayed finite and fell, 1 when it did not or the
     * backend failed, 2 for bad options or a missing module.
     *
     * @param args {@code [--init NAME] [--norm NAME] [--steps N]}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * {@return the exit status} Runs the smoke, writing its report to {@code out} and errors to {@code err}.
     *
     * @param args {@code [--init NAME] [--norm NAME] [--steps N]}
     * @param out the report
     * @param err what went wrong and how to fix it
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        SmokeOptions options;
        try {
            options = SmokeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("nn-run: " + e.getMessage());
            err.println(SmokeOptions.USAGE);
            return 2;
        }
        try (Backend backend = Backends.select()) {
            out.println("backend: " + backend.name());
            return train(backend, options, out, err);
        } catch (ProviderNotFoundException e) {
            err.println("nn-run: " + e.getMessage());
            return 2;   // a module the image lacks, or a misspelt name: the message says which
        } catch (NnException e) {
            err.println("nn-run: " + e.getMessage());
            return 1;
        }
    }

    private static int train(Backend backend, SmokeOptions options, PrintStream out, PrintStream err) {
        SplittableRandom random = new SplittableRandom(42);
        Sequential net = model(backend, options.norm(), random);
        Initializer weights = Initializers.create(options.init(), Params.empty());
        for (Parameter p : net.namedParameters().values()) {
            if (p.role() == ParameterRole.WEIGHT && p.value().shape().rank() == 2) {
                weights.initialize(p.value(), random);
            }
        }
        out.println("model: " + net);
        out.println("initialized with " + options.init());

        Tensor x = backend.tensor(Shape.of(BATCH, FEATURES), inputs(random));
        Tensor y = backend.tensor(Shape.of(BATCH), labels());
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Sgd sgd = new Sgd(List.copyOf(net.namedParameters().values()), 0.1);
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step < options.steps(); step++) {
            net.zeroGrad();
            Tensor logits = net.forward(x, Mode.TRAIN);
            last = loss.forward(logits, y).item();
            if (step == 0) {
                first = last;
            }
            net.backward(loss.backward());
            sgd.step();
        }
        out.printf("loss: %.4f -> %.4f after %d steps%n", first, last, options.steps());
        net.release();
        loss.release();
        if (!Float.isFinite(last) || !(last < first)) {
            err.println("nn-run: the loss did not fall (" + first + " -> " + last + "): the backend computed a wrong"
                    + " step; run nn conformance on it");
            return 1;
        }
        out.println("ok");
        return 0;
    }

    private static Sequential model(Backend backend, String norm, SplittableRandom random) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Linear(backend, FEATURES, HIDDEN, random));
        if (norm != null) {
            layers.add(Normalizations.create(norm, backend, normParams(norm)));
        }
        layers.add(new ReLU());
        layers.add(new Linear(backend, HIDDEN, CLASSES, random));
        return new Sequential(layers);
    }

    /** Each normalization names its width differently; an unknown name gets BatchNorm's, and fails on lookup. */
    private static Params normParams(String norm) {
        return switch (norm) {
            case "layer_norm", "rms_norm" -> Params.of("normalized_shape", new int[] {HIDDEN});
            case "group_norm" -> Params.of("num_groups", 4, "num_channels", HIDDEN);
            default -> Params.of("num_features", HIDDEN);
        };
    }

    /** Three separable classes: the class shifts the first features, so a few steps lower the loss. */
    private static float[] inputs(SplittableRandom random) {
        float[] x = new float[BATCH * FEATURES];
        for (int i = 0; i < BATCH; i++) {
            for (int f = 0; f < FEATURES; f++) {
                float shift = f == i % CLASSES ? 2f : 0f;
                x[i * FEATURES + f] = (float) random.nextGaussian() * 0.5f + shift;
            }
        }
        return x;
    }

    private static float[] labels() {
        float[] y = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = i % CLASSES;
        }
        return y;
    }
}
