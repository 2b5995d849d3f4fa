package dev.nn.conformance.ops;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenFormatException;
import dev.nn.conformance.GoldenOp;
import dev.nn.conformance.GoldenTensor;
import dev.nn.conformance.Verdict;
import dev.nn.core.layer.AvgPool2d;
import dev.nn.core.layer.Conv2d;
import dev.nn.core.layer.GELU;
import dev.nn.core.layer.LeakyReLU;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.MaxPool2d;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.SELU;
import dev.nn.core.layer.Sigmoid;
import dev.nn.core.layer.Tanh;
import dev.nn.core.loss.BCEWithLogitsLoss;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.loss.Loss;
import dev.nn.core.loss.MSELoss;
import dev.nn.core.loss.Reduction;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The training core's layers and losses against PyTorch (golden files of {@code tools/golden/make_core_golden.py}):
 * {@code linear}, {@code conv2d}, {@code max_pool2d}, {@code avg_pool2d}, {@code activation} (forward and backward:
 * {@code y}, {@code grad_input}, {@code grad_weight}, {@code grad_bias}) and {@code cross_entropy},
 * {@code mse_loss}, {@code bce_with_logits} ({@code loss}, {@code grad_input}). Every case builds the nn layer or
 * loss on the backend under test, loads the file's parameters, runs one forward and one backward pass and compares
 * each output at the file's tolerance.
 */
public final class CoreLayerOps implements GoldenOp {
    private static final Set<String> OPS = Set.of("linear", "conv2d", "max_pool2d", "avg_pool2d", "activation",
            "cross_entropy", "mse_loss", "bce_with_logits");

    /** Creates the checker. */
    public CoreLayerOps() {
    }

    @Override
    public Set<String> ops() {
        return OPS;
    }

    @Override
    public List<CaseResult> run(GoldenFile file, Backend backend) {
        Verdict verdict = new Verdict(file.caseId());
        switch (file.op()) {
            case "linear" -> layerCase(file, backend, verdict, linear(file, backend));
            case "conv2d" -> layerCase(file, backend, verdict, conv2d(file, backend));
            case "max_pool2d" -> layerCase(file, backend, verdict, maxPool(file));
            case "avg_pool2d" -> layerCase(file, backend, verdict, avgPool(file));
            case "activation" -> layerCase(file, backend, verdict, activation(file));
            case "cross_entropy" -> lossCase(file, backend, verdict, new CrossEntropyLoss(reduction(file),
                    (float) file.paramDouble("label_smoothing")));
            case "mse_loss" -> lossCase(file, backend, verdict, new MSELoss(reduction(file)));
            case "bce_with_logits" -> lossCase(file, backend, verdict, new BCEWithLogitsLoss(reduction(file),
                    file.paramBoolean("pos_weight") ? tensor(file, backend, "pos_weight") : null));
            default -> throw new GoldenFormatException(file.where("op") + " is '" + file.op()
                    + "', which CoreLayerOps does not handle");
        }
        return List.of(verdict.result());
    }

    /** Forward x, compare y; backward grad_output, compare grad_input and the parameter gradients present. */
    private static void layerCase(GoldenFile file, Backend backend, Verdict verdict, Layer layer) {
        Tensor y = layer.forward(tensor(file, backend, "x"), Mode.TRAIN);
        verdict.compare(file, "y", y.toArray());
        checkShape(file, verdict, "y", y);
        Tensor dx = layer.backward(tensor(file, backend, "grad_output"));
        verdict.compare(file, "grad_input", dx.toArray());
        checkShape(file, verdict, "grad_input", dx);
        for (Parameter p : layer.ownParameters()) {
            String name = "grad_" + p.name();
            if (file.hasOutput(name)) {
                verdict.compare(file, name, p.grad().toArray());
            } else {
                verdict.fail("the layer has a parameter '" + p.name() + "' but the file has no output '" + name + "'");
            }
        }
    }

    private static void lossCase(GoldenFile file, Backend backend, Verdict verdict, Loss loss) {
        float value = loss.forward(tensor(file, backend, "input"), tensor(file, backend, "target")).item();
        verdict.compare(file, "loss", new float[] {value});
        verdict.compare(file, "grad_input", loss.backward().toArray());
    }

    private static Linear linear(GoldenFile file, Backend backend) {
        Linear fc = new Linear(backend, file.paramInt("in_features"), file.paramInt("out_features"),
                file.paramBoolean("bias"), new SplittableRandom(0));
        load(file, fc.weight(), "weight");
        if (fc.bias() != null) {
            load(file, fc.bias(), "bias");
        }
        return fc;
    }

    private static Conv2d conv2d(GoldenFile file, Backend backend) {
        int[] k = file.paramInts("kernel_size");
        int[] s = file.paramInts("stride");
        int[] p = file.paramInts("padding");
        int[] d = file.paramInts("dilation");
        Conv2d conv = Conv2d.builder(file.paramInt("in_channels"), file.paramInt("out_channels"), k[0], k[1])
                .optStride(s[0], s[1]).optPadding(p[0], p[1]).optDilation(d[0], d[1])
                .optGroups(file.paramInt("groups")).optBias(file.paramBoolean("bias"))
                .build(backend, new SplittableRandom(0));
        load(file, conv.weight(), "weight");
        if (conv.bias() != null) {
            load(file, conv.bias(), "bias");
        }
        return conv;
    }

    private static MaxPool2d maxPool(GoldenFile file) {
        int[] k = file.paramInts("kernel_size");
        int[] s = file.paramInts("stride");
        int[] p = file.paramInts("padding");
        return new MaxPool2d(k[0], k[1], s[0], s[1], p[0], p[1]);
    }

    private static AvgPool2d avgPool(GoldenFile file) {
        int[] k = file.paramInts("kernel_size");
        int[] s = file.paramInts("stride");
        int[] p = file.paramInts("padding");
        return new AvgPool2d(k[0], k[1], s[0], s[1], p[0], p[1]);
    }

    private static Layer activation(GoldenFile file) {
        String function = file.paramString("function");
        return switch (function) {
            case "relu" -> new ReLU();
            case "leaky_relu" -> new LeakyReLU((float) file.paramDouble("negative_slope"));
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "gelu" -> new GELU();
            case "selu" -> new SELU();
            default -> throw new GoldenFormatException(file.where("params.function") + " is '" + function
                    + "'; expected relu, leaky_relu, tanh, sigmoid, gelu or selu");
        };
    }

    private static Reduction reduction(GoldenFile file) {
        String r = file.paramString("reduction");
        return switch (r) {
            case "mean" -> Reduction.MEAN;
            case "sum" -> Reduction.SUM;
            default -> throw new GoldenFormatException(file.where("params.reduction") + " is '" + r
                    + "'; expected mean or sum");
        };
    }

    private static void load(GoldenFile file, Parameter p, String input) {
        GoldenTensor t = file.input(input);
        if (!t.toShape().equals(p.value().shape())) {
            throw new GoldenFormatException(file.where("inputs." + input) + " has shape " + t.toShape()
                    + " but the layer's " + p.name() + " has shape " + p.value().shape());
        }
        p.set(t.floats());
    }

    private static Tensor tensor(GoldenFile file, Backend backend, String input) {
        GoldenTensor t = file.input(input);
        return backend.tensor(t.toShape(), t.floats());
    }

    private static void checkShape(GoldenFile file, Verdict verdict, String output, Tensor actual) {
        GoldenTensor expected = file.output(output);
        if (!expected.toShape().equals(actual.shape())) {
            verdict.fail("output=" + output + " shape expected=" + expected.toShape() + " actual=" + actual.shape());
        }
    }
}
