package dev.nn.conformance;

import dev.nn.conformance.ops.CoreLayerOps;
import dev.nn.conformance.ops.DropoutFactsOp;
import dev.nn.conformance.ops.ErrorFactsOp;
import dev.nn.conformance.ops.InitFactsOp;
import dev.nn.conformance.ops.MlpTrainingOp;
import dev.nn.conformance.ops.NormOps;
import dev.nn.conformance.ops.SklearnOps;
import java.util.List;

/** The checkers nn ships; an op none of them handles is reported as SKIP. */
public final class GoldenOps {
    private GoldenOps() {
    }

    /** {@return every checker} */
    public static List<GoldenOp> all() {
        return List.of(new CoreLayerOps(), new InitFactsOp(), new NormOps(), new ErrorFactsOp(), new DropoutFactsOp(),
                new SklearnOps(), new MlpTrainingOp());
    }
}
