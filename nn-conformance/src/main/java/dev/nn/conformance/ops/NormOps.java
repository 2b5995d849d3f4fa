package dev.nn.conformance.ops;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenFormatException;
import dev.nn.conformance.GoldenOp;
import dev.nn.conformance.GoldenTensor;
import dev.nn.conformance.Verdict;
import dev.nn.norm.BatchNorm;
import dev.nn.norm.GroupNorm;
import dev.nn.norm.InstanceNorm;
import dev.nn.norm.LayerNorm;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks nn-norm's layers against PyTorch's normalization golden files: BatchNorm training forward over successive
 * batches (outputs, save_mean/save_invstd, running statistics, and the host counter num_batches_tracked against
 * PyTorch's int64), eval forward, train/eval backward, LayerNorm, GroupNorm and InstanceNorm forward + backward.
 * Every output a file holds must be compared; one left unchecked is a FAIL, so a file that grows an output cannot
 * pass silently.
 */
public final class NormOps implements GoldenOp {
    private static final Set<String> OPS = Set.of("batch_norm_train", "batch_norm_eval",
            "batch_norm_train_backward", "batch_norm_eval_backward", "layer_norm", "group_norm", "instance_norm");

    /** Stateless. */
    public NormOps() {
    }

    @Override
    public Set<String> ops() {
        return OPS;
    }

    @Override
    public List<CaseResult> run(GoldenFile file, Backend backend) {
        Check check = new Check(file);
        switch (file.op()) {
            case "batch_norm_train" -> batchNormTrain(file, backend, check);
            case "batch_norm_eval" -> batchNormForward(file, backend, check, Mode.EVAL);
            case "batch_norm_train_backward" -> batchNormBackward(file, backend, check, Mode.TRAIN);
            case "batch_norm_eval_backward" -> batchNormBackward(file, backend, check, Mode.EVAL);
            case "layer_norm" -> layerNorm(file, backend, check);
            case "group_norm" -> groupNorm(file, backend, check);
            case "instance_norm" -> instanceNorm(file, backend, check);
            default -> throw new GoldenFormatException(file.where("op") + " '" + file.op() + "' is not a norm op");
        }
        return List.of(check.result());
    }

    // ---- BatchNorm --------------------------------------------------------------------------------------------

    private static BatchNorm batchNorm(GoldenFile file, Backend backend) {
        int c = file.paramInt("num_features");
        BatchNorm.Builder b = switch (file.paramString("module")) {
            case "BatchNorm1d" -> BatchNorm.batchNorm1d(c);
            case "BatchNorm2d" -> BatchNorm.batchNorm2d(c);
            case "BatchNorm3d" -> BatchNorm.batchNorm3d(c);
            default -> throw new GoldenFormatException(file.where("params.module") + " must be BatchNorm1d/2d/3d, "
                    + "got " + file.paramString("module"));
        };
        boolean track = !file.hasParam("track_running_stats") || file.paramBoolean("track_running_stats");
        // files without a momentum (eval-only cases) leave PyTorch's default
        Double momentum = file.hasParam("momentum") ? file.paramNullableDouble("momentum") : Double.valueOf(0.1);
        BatchNorm bn = b.optEps(file.paramDouble("eps"))
                .optMomentum(momentum)
                .optAffine(file.paramBoolean("affine"))
                .optTrackRunningStats(track)
                .build(backend);
        setAffine(file, backend, bn.weight().orElse(null), bn.bias().orElse(null));
        return bn;
    }

    private static void setRunning(GoldenFile file, Backend backend, BatchNorm bn, String suffix) {
        if (bn.tracksRunningStats()) {
            backend.write(bn.runningMean().orElseThrow(), file.input("running_mean" + suffix).floats());
            backend.write(bn.runningVar().orElseThrow(), file.input("running_var" + suffix).floats());
        }
    }

    private static void batchNormTrain(GoldenFile file, Backend backend, Check check) {
        BatchNorm bn = batchNorm(file, backend);
        setRunning(file, backend, bn, "_init");
        Counter tracked = bn.ownCounters().get("num_batches_tracked");
        tracked.set(file.paramInt("num_batches_tracked_init"));
        for (int k = 0; k < file.paramInt("num_batches"); k++) {
            Tensor y = bn.forward(input(file, backend, "x_" + k), Mode.TRAIN);
            check.compare("y_" + k, y);
            check.compare("save_mean_" + k, bn.lastMean());
            check.compare("save_invstd_" + k, bn.lastInvstd());
            check.compare("running_mean_" + k, bn.runningMean().orElseThrow());
            check.compare("running_var_" + k, bn.runningVar().orElseThrow());
            check.compare("num_batches_tracked_" + k, tracked);
        }
    }

    private static void batchNormForward(GoldenFile file, Backend backend, Check check, Mode mode) {
        BatchNorm bn = batchNorm(file, backend);
        setRunning(file, backend, bn, "");
        check.compare("y", bn.forward(input(file, backend, "x"), mode));
    }

    private static void batchNormBackward(GoldenFile file, Backend backend, Check check, Mode mode) {
        BatchNorm bn = batchNorm(file, backend);
        setRunning(file, backend, bn, "");
        check.compare("y", bn.forward(input(file, backend, "x"), mode));
        backward(file, backend, check, bn);
        if (bn.tracksRunningStats()) {
            check.compareIfPresent("running_mean", bn.runningMean().orElseThrow());
            check.compareIfPresent("running_var", bn.runningVar().orElseThrow());
        }
    }

    // ---- LayerNorm, GroupNorm, InstanceNorm -------------------------------------------------------------------

    private static void layerNorm(GoldenFile file, Backend backend, Check check) {
        boolean affine = file.paramBoolean("elementwise_affine");
        LayerNorm ln = new LayerNorm(backend, file.paramInts("normalized_shape"), file.paramDouble("eps"), affine,
                true);
        setAffine(file, backend, param(ln, "weight"), param(ln, "bias"));
        check.compare("y", ln.forward(input(file, backend, "x"), Mode.TRAIN));
        check.compare("mean", ln.lastMean());
        check.compare("rstd", ln.lastRstd());
        backward(file, backend, check, ln);
    }

    private static void groupNorm(GoldenFile file, Backend backend, Check check) {
        GroupNorm gn = new GroupNorm(backend, file.paramInt("num_groups"), file.paramInt("num_channels"),
                file.paramDouble("eps"), file.paramBoolean("affine"));
        setAffine(file, backend, param(gn, "weight"), param(gn, "bias"));
        check.compare("y", gn.forward(input(file, backend, "x"), Mode.TRAIN));
        check.compare("mean", gn.lastMean());
        check.compare("rstd", gn.lastRstd());
        backward(file, backend, check, gn);
    }

    private static void instanceNorm(GoldenFile file, Backend backend, Check check) {
        int c = file.paramInt("num_features");
        InstanceNorm.Builder b = switch (file.paramString("module")) {
            case "InstanceNorm1d" -> InstanceNorm.instanceNorm1d(c);
            case "InstanceNorm2d" -> InstanceNorm.instanceNorm2d(c);
            case "InstanceNorm3d" -> InstanceNorm.instanceNorm3d(c);
            default -> throw new GoldenFormatException(file.where("params.module") + " must be InstanceNorm1d/2d/3d, "
                    + "got " + file.paramString("module"));
        };
        boolean track = file.paramBoolean("track_running_stats");
        InstanceNorm in = b.optEps(file.paramDouble("eps"))
                .optMomentum(track ? file.paramNullableDouble("momentum") : null)
                .optAffine(file.paramBoolean("affine"))
                .optTrackRunningStats(track)
                .build(backend);
        setAffine(file, backend, param(in, "weight"), param(in, "bias"));
        check.compare("y", in.forward(input(file, backend, "x"), Mode.TRAIN));
        backward(file, backend, check, in);
        if (track) {
            check.compare("running_mean", in.runningMean().orElseThrow());
            check.compare("running_var", in.runningVar().orElseThrow());
            check.compare("y_eval", in.forward(input(file, backend, "x_eval"), Mode.EVAL));
        }
    }

    // ---- shared -----------------------------------------------------------------------------------------------

    private static void backward(GoldenFile file, Backend backend, Check check, Layer layer) {
        layer.zeroGrad();
        check.compare("grad_input", layer.backward(input(file, backend, "grad_output")));
        Parameter w = param(layer, "weight");
        Parameter b = param(layer, "bias");
        if (w != null) {
            check.compare("grad_weight", w.grad());
        }
        if (b != null) {
            check.compare("grad_bias", b.grad());
        }
    }

    private static Parameter param(Layer layer, String name) {
        return layer.ownParameters().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static void setAffine(GoldenFile file, Backend backend, Parameter weight, Parameter bias) {
        if (weight != null) {
            weight.set(file.input("weight").floats());
        }
        if (bias != null) {
            bias.set(file.input("bias").floats());
        }
    }

    private static Tensor input(GoldenFile file, Backend backend, String name) {
        GoldenTensor t = file.input(name);
        return backend.tensor(Shape.of(t.shape()), t.floats());
    }

    /** A verdict that also tracks which outputs were compared. */
    private static final class Check {
        private final GoldenFile file;
        private final Verdict verdict;
        private final Set<String> compared = new LinkedHashSet<>();

        Check(GoldenFile file) {
            this.file = file;
            this.verdict = new Verdict(file.caseId());
        }

        void compare(String output, Tensor actual) {
            if (!file.hasOutput(output)) {
                verdict.fail("output=" + output + " is computed by nn but missing from the golden file");
                return;
            }
            GoldenTensor expected = file.output(output);
            if (expected.data().length != actual.size()) {
                verdict.fail("output=" + output + " shape expected=" + java.util.Arrays.toString(expected.shape())
                        + " actual=" + actual.shape());
                return;
            }
            compared.add(output);
            verdict.compare(file, output, actual.toArray());
        }

        /** A host counter against a scalar output (PyTorch's int64 {@code num_batches_tracked}), without rounding. */
        void compare(String output, Counter actual) {
            if (!file.hasOutput(output)) {
                verdict.fail("output=" + output + " is computed by nn but missing from the golden file");
                return;
            }
            GoldenTensor expected = file.output(output);
            if (expected.shape().length != 0) {
                verdict.fail("output=" + output + " shape expected=" + java.util.Arrays.toString(expected.shape())
                        + " actual=[] (a counter)");
                return;
            }
            compared.add(output);
            verdict.compare(output, expected.data(), new double[] {actual.get()}, file.tolerance(output));
        }

        void compareIfPresent(String output, Tensor actual) {
            if (file.hasOutput(output)) {
                compare(output, actual);
            }
        }

        CaseResult result() {
            for (String output : file.outputNames()) {
                if (!compared.contains(output)) {
                    verdict.fail("output=" + output + " was not checked");
                }
            }
            return verdict.result();
        }
    }
}
