package dev.nn.cli.bench;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.cli.bench.BenchCase.Limit;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.model.ModelSpec;
import dev.nn.norm.BatchNorm;
import dev.nn.norm.LayerNorm;
import dev.nn.regularize.Dropout;
import dev.nn.regularize.NoiseSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The cases of {@code nn bench}, with their byte models (compulsory bytes per element: one read of x and one write
 * of y for a forward pass, plus a read of dy, a second read of x and a write of dx for the backward pass) and their
 * operation counts. The same cases, shapes and models are timed by {@code tools/peer-bench.py} in PyTorch.
 */
final class BenchCases {
    private static final int MLP_BATCH = 128;
    private static final int CNN_BATCH = 64;

    private BenchCases() {
    }

    /** A case whose setup is deferred until it is selected, so unselected cases allocate nothing. */
    record Lazy(String name, Supplier<BenchCase> build) {
    }

    /**
     * @param b the backend to run on
     * @return every case, in the order printed
     */
    static List<Lazy> all(Backend b) {
        List<Lazy> cases = new ArrayList<>();
        for (int[] s : new int[][] {{32, 64, 56, 56}, {256, 512, 7, 7}}) {
            String shape = s[0] + "x" + s[1] + "x" + s[2] + "x" + s[3];
            cases.add(new Lazy("bn2d_train_fwd/" + shape, () -> batchNorm(b, "bn2d_train_fwd/" + shape, s, Mode.TRAIN,
                    false)));
            cases.add(new Lazy("bn2d_train_fwdbwd/" + shape, () -> batchNorm(b, "bn2d_train_fwdbwd/" + shape, s,
                    Mode.TRAIN, true)));
            cases.add(new Lazy("bn2d_eval_fwd/" + shape, () -> batchNorm(b, "bn2d_eval_fwd/" + shape, s, Mode.EVAL,
                    false)));
        }
        cases.add(new Lazy("bn1d_train_fwdbwd/4096x1024", () -> batchNorm(b, "bn1d_train_fwdbwd/4096x1024",
                new int[] {4096, 1024}, Mode.TRAIN, true)));
        cases.add(new Lazy("ln_fwd/8192x768", () -> layerNorm(b, "ln_fwd/8192x768", false)));
        cases.add(new Lazy("ln_fwdbwd/8192x768", () -> layerNorm(b, "ln_fwdbwd/8192x768", true)));
        cases.add(new Lazy("dropout_fwd/16777216", () -> dropout(b, "dropout_fwd/16777216", false)));
        cases.add(new Lazy("dropout_fwdbwd/16777216", () -> dropout(b, "dropout_fwdbwd/16777216", true)));
        cases.add(new Lazy("gemm/1024x1024x1024", () -> gemm(b)));
        cases.add(new Lazy("conv3x3/64x32x14x14", () -> conv(b)));
        cases.add(new Lazy("e2e_mlp_step/b" + MLP_BATCH, () -> step(b, "mlp", MLP_BATCH)));
        cases.add(new Lazy("e2e_cnn_step/b" + CNN_BATCH, () -> step(b, "cnn", CNN_BATCH)));
        return cases;
    }

    private static Tensor random(Backend b, Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return b.tensor(shape, v);
    }

    /** A layer's forward, or forward and backward, in the given mode. */
    private static BenchCase layer(String name, Layer layer, Tensor x, Mode mode, boolean backward) {
        Tensor dy = backward ? random(x.backend(), x.shape(), 2) : null;
        Runnable run = backward ? () -> {
            layer.forward(x, mode);
            layer.backward(dy);
        } : () -> layer.forward(x, mode);
        return new BenchCase(name, backward ? Limit.TWO_READS_ONE_WRITE : Limit.READ_WRITE,
                (backward ? 20.0 : 8.0) * x.size(), run);
    }

    private static BenchCase batchNorm(Backend b, String name, int[] dims, Mode mode, boolean backward) {
        BatchNorm bn = (dims.length == 2 ? BatchNorm.batchNorm1d(dims[1]) : BatchNorm.batchNorm2d(dims[1])).build(b);
        return layer(name, bn, random(b, Shape.of(dims), 1), mode, backward);
    }

    private static BenchCase layerNorm(Backend b, String name, boolean backward) {
        return layer(name, new LayerNorm(b, 768), random(b, Shape.of(8192, 768), 1), Mode.TRAIN, backward);
    }

    private static BenchCase dropout(Backend b, String name, boolean backward) {
        Tensor x = random(b, Shape.of(16_777_216), 1);
        BenchCase c = layer(name, new Dropout(0.5, NoiseSource.of(1)), x, Mode.TRAIN, backward);
        // the model counts a one-byte mask written forward and read backward, as a framework that stores it moves
        return new BenchCase(name, c.limit(), (backward ? 18.0 : 9.0) * x.size(), c.run());
    }

    private static BenchCase gemm(Backend b) {
        int n = 1024;
        Tensor x = random(b, Shape.of(n, n), 1);
        Tensor y = random(b, Shape.of(n, n), 2);
        Tensor out = b.zeros(Shape.of(n, n));
        return new BenchCase("gemm/1024x1024x1024", Limit.FLOPS, 2.0 * n * n * n,
                () -> b.gemm(out, false, false, n, n, n, 1f, x, y, 0f));
    }

    /** The cnn's second convolution, forward and backward (input, weight and bias gradients). */
    private static BenchCase conv(Backend b) {
        Conv2dGeometry g = new Conv2dGeometry(64, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Tensor x = random(b, Shape.of(64, 32, 14, 14), 1);
        Tensor w = random(b, Shape.of(64, 32, 3, 3), 2);
        Tensor bias = random(b, Shape.of(64), 3);
        Tensor y = b.zeros(Shape.of(64, 64, 14, 14));
        Tensor dy = random(b, y.shape(), 4);
        Tensor dx = b.zeros(x.shape());
        Tensor dw = b.zeros(w.shape());
        Tensor db = b.zeros(bias.shape());
        double flops = 3 * 2.0 * 64 * 64 * 14 * 14 * 32 * 9;
        return new BenchCase("conv3x3/64x32x14x14", Limit.FLOPS, flops, () -> {
            b.conv2dForward(g, y, x, w, bias);
            b.fill(dx, 0f);
            b.conv2dBackward(g, dx, dw, db, dy, x, w);
        });
    }

    /**
     * One training step of the model {@code nn train --model KIND --norm batch --dropout 0.3} builds, as the trainer
     * runs it: write the batch, zero the gradients, forward, cross-entropy, backward, SGD with momentum 0.9.
     */
    private static BenchCase step(Backend b, String kind, int batch) {
        Sequential model = ModelSpec.parse(kind + ";norm=batch;dropout=0.3").build(b, Shape.of(1, 28, 28), 10,
                new SplittableRandom(1), NoiseSource.of(1));
        List<Parameter> params = List.copyOf(model.namedParameters().values());
        Sgd sgd = new Sgd(params, 0.05, 0.9, 0, 0, false);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        SplittableRandom r = new SplittableRandom(2);
        float[] images = new float[batch * 28 * 28];
        float[] labels = new float[batch];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        Tensor x = b.zeros(Shape.of(batch, 1, 28, 28));
        Tensor t = b.zeros(Shape.of(batch));
        return new BenchCase("e2e_" + kind + "_step/b" + batch, Limit.SAMPLES, batch, () -> {
            b.write(x, images);
            b.write(t, labels);
            model.zeroGrad();
            Tensor out = model.forward(x, Mode.TRAIN);
            loss.forward(out, t);
            model.backward(loss.backward());
            sgd.step();
        });
    }
}
