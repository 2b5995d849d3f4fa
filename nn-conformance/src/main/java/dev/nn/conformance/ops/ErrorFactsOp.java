package dev.nn.conformance.ops;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.Fields;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenOp;
import dev.nn.core.layer.Linear;
import dev.nn.norm.BatchNorm;
import dev.nn.norm.GroupNorm;
import dev.nn.norm.InstanceNorm;
import dev.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGeneratorFactory;

/**
 * Checks {@code error_facts.json}: for each PyTorch case, runs nn's equivalent and passes when nn raises exactly
 * where PyTorch raises (an {@link NnException} or {@link IllegalArgumentException} whose message contains PyTorch's
 * {@code key_phrase}, so users searching the PyTorch text find it) and stays silent where PyTorch does. Where nn is
 * deliberately stricter than PyTorch ({@link #STRICTER}) the case passes only if nn raises.
 */
public final class ErrorFactsOp implements GoldenOp {
    /**
     * Cases PyTorch accepts silently but nn rejects: a BatchNorm without affine parameters or running statistics
     * still has a channel count, and feeding it another count is always a wiring bug.
     */
    static final Map<String, String> STRICTER = Map.of("bn2d_channel_mismatch_no_affine_no_stats",
            "num_features must equal");

    /** Stateless. */
    public ErrorFactsOp() {
    }

    @Override
    public Set<String> ops() {
        return Set.of("error_facts");
    }

    @Override
    public List<CaseResult> run(GoldenFile file, Backend backend) {
        List<CaseResult> out = new ArrayList<>();
        for (Map<String, Object> c : Fields.objects(file.root(), "cases", file.where("cases"))) {
            String id = Fields.string(c, "id", file.where("cases[].id"));
            String caseId = file.caseId() + "/" + id;
            Consumer<Backend> action = action(id);
            if (action == null) {
                out.add(CaseResult.skip(caseId, "no nn equivalent is defined for this case"));
                continue;
            }
            boolean raises = Fields.bool(c, "raises", file.where("cases[" + id + "].raises"));
            String phrase = raises ? Fields.string(c, "key_phrase", file.where("cases[" + id + "].key_phrase"))
                    : STRICTER.get(id);
            out.add(judge(caseId, action, backend, raises || phrase != null, phrase));
        }
        return out;
    }

    private static CaseResult judge(String caseId, Consumer<Backend> action, Backend backend, boolean mustRaise,
                                    String phrase) {
        try {
            action.accept(backend);
        } catch (RuntimeException e) {
            if (!(e instanceof NnException || e instanceof IllegalArgumentException)) {
                return CaseResult.fail(caseId, "nn raised " + e.getClass().getName() + " instead of an NnException "
                        + "or IllegalArgumentException with a clear message: " + e.getMessage());
            }
            if (!mustRaise) {
                return CaseResult.fail(caseId, "nn raised where PyTorch does not: " + e.getMessage());
            }
            if (e.getMessage() == null || !e.getMessage().contains(phrase)) {
                return CaseResult.fail(caseId, "message lacks '" + phrase + "': " + e.getMessage());
            }
            return CaseResult.pass(caseId);
        }
        return mustRaise ? CaseResult.fail(caseId, "nn raised nothing; expected an error containing '" + phrase + "'")
                : CaseResult.pass(caseId);
    }

    /** @return what nn runs for the case, or null when there is no equivalent */
    private static Consumer<Backend> action(String id) {
        return switch (id) {
            case "bn2d_channel_mismatch_train" -> be -> forward(BatchNorm.batchNorm2d(64).build(be), be, Mode.TRAIN,
                    4, 32, 5, 5);
            case "bn2d_channel_mismatch_eval" -> be -> forward(BatchNorm.batchNorm2d(64).build(be), be, Mode.EVAL,
                    4, 32, 5, 5);
            case "bn2d_channel_mismatch_no_running_stats" -> be -> forward(BatchNorm.batchNorm2d(64)
                    .optTrackRunningStats(false).build(be), be, Mode.TRAIN, 4, 32, 5, 5);
            case "bn2d_channel_mismatch_no_affine_no_stats" -> be -> forward(BatchNorm.batchNorm2d(64)
                    .optAffine(false).optTrackRunningStats(false).build(be), be, Mode.TRAIN, 4, 32, 5, 5);
            case "bn1d_train_single_value_per_channel_2d" -> be -> forward(BatchNorm.batchNorm1d(5).build(be), be,
                    Mode.TRAIN, 1, 5);
            case "bn1d_train_single_value_per_channel_3d" -> be -> forward(BatchNorm.batchNorm1d(5).build(be), be,
                    Mode.TRAIN, 1, 5, 1);
            case "bn2d_train_single_value_per_channel" -> be -> forward(BatchNorm.batchNorm2d(5).build(be), be,
                    Mode.TRAIN, 1, 5, 1, 1);
            case "bn1d_train_batch1_but_length2_ok" -> be -> forward(BatchNorm.batchNorm1d(5).build(be), be,
                    Mode.TRAIN, 1, 5, 2);
            case "bn1d_eval_batch1_ok" -> be -> forward(BatchNorm.batchNorm1d(5).build(be), be, Mode.EVAL, 1, 5);
            case "bn1d_wrong_rank" -> be -> forward(BatchNorm.batchNorm1d(5).build(be), be, Mode.TRAIN, 2, 5, 3, 3);
            case "bn2d_wrong_rank" -> be -> forward(BatchNorm.batchNorm2d(5).build(be), be, Mode.TRAIN, 2, 5, 3);
            case "layer_norm_shape_mismatch" -> be -> forward(new LayerNorm(be, 5), be, Mode.TRAIN, 4, 6);
            case "layer_norm_shape_mismatch_2d" -> be -> forward(new LayerNorm(be, 3, 5), be, Mode.TRAIN, 4, 5, 3);
            case "layer_norm_input_too_small" -> be -> forward(new LayerNorm(be, 4, 3, 5), be, Mode.TRAIN, 3, 5);
            case "group_norm_not_divisible" -> be -> new GroupNorm(be, 3, 8);
            case "group_norm_channel_mismatch" -> be -> forward(new GroupNorm(be, 2, 4), be, Mode.TRAIN, 2, 6, 3);
            case "instance_norm_single_spatial_element" -> be -> forward(InstanceNorm.instanceNorm2d(3).build(be),
                    be, Mode.TRAIN, 2, 3, 1, 1);
            case "linear_shape_mismatch" -> be -> forward(new Linear(be, 6, 5,
                    RandomGeneratorFactory.of("L64X128MixRandom").create(0)), be, Mode.TRAIN, 3, 7);
            default -> null;
        };
    }

    /** Runs a forward pass on an input of the given shape (values drawn from a fixed pattern; only shapes matter). */
    private static void forward(Layer layer, Backend backend, Mode mode, int... dims) {
        Shape shape = Shape.of(dims);
        float[] values = new float[shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i + 1.0);
        }
        layer.forward(backend.tensor(shape, values), mode);
    }
}
