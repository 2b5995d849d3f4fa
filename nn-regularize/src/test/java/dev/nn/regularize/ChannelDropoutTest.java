package dev.nn.regularize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelDropoutTest {
    // PyTorch 1.13's warning texts, as recorded in golden/dropout_facts.json and printed by torch
    private static final String DROPOUT2D_3D = "dropout2d: Received a 3D input to dropout2d and assuming that "
            + "channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the "
            + "channel dim. This behavior will change in a future release to interpret the input as one without a "
            + "batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
            + "switch to using dropout1d instead.";
    private static final String DROPOUT2D_2D = "dropout2d: Received a 2-D input to dropout2d, which is deprecated "
            + "and will result in an error in a future release. To retain the behavior and silence this warning, "
            + "please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with "
            + "2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).";
    private static final String DROPOUT3D_3D = "dropout3d: Received a 3-D input to dropout3d, which is deprecated "
            + "and will result in an error in a future release. To retain the behavior and silence this warning, "
            + "please use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with "
            + "3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).";

    /** Asserts every run of {@code group} consecutive values is constant and returns how many runs are zero. */
    private static int constantGroups(float[] y, int group, float keptValue) {
        int zero = 0;
        for (int start = 0; start < y.length; start += group) {
            for (int i = start; i < start + group; i++) {
                assertEquals(y[start], y[i], "plane at " + start + " is not constant at " + i);
            }
            assertTrue(y[start] == 0f || y[start] == keptValue, "plane value " + y[start]);
            zero += y[start] == 0f ? 1 : 0;
        }
        return zero;
    }

    @Test
    void dropout2dZeroesWholePlanesWithProbabilityP() {
        int planes = 64 * 32;
        Tensor y = new Dropout2d(0.5, NoiseSource.of(7)).forward(Tensors.filled(1f, 64, 32, 3, 3), Mode.TRAIN);
        int dropped = constantGroups(y.toArray(), 9, 2f);
        assertTrue(Tensors.withinBinomial(dropped, planes, 0.5, 5), dropped + " of " + planes + " planes dropped");
        assertEquals(Optional.empty(), Dropout2d.inputWarning(Shape.of(64, 32, 3, 3)));
    }

    @Test
    void dropout2dBackwardUsesTheSamePlanes() {
        Dropout2d d = new Dropout2d(0.3, NoiseSource.of(8));
        float[] y = d.forward(Tensors.filled(1f, 4, 6, 2, 5), Mode.TRAIN).toArray();
        Tensor dy = Tensors.ramp(4, 6, 2, 5);
        float[] dys = dy.toArray();
        float[] dx = d.backward(dy).toArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals(0f + dys[i] * y[i], dx[i], "element " + i);     // y = m on an all-ones input
        }
    }

    @Test
    void dropout2dOnThreeDimensionsDropsRowsAndWarnsLikePyTorch() {
        Tensor x = Tensors.filled(1f, 40, 6, 3);
        assertEquals(Optional.of(DROPOUT2D_3D), Dropout2d.inputWarning(x.shape()));
        int dropped = constantGroups(new Dropout2d(0.5, NoiseSource.of(1)).forward(x, Mode.TRAIN).toArray(), 3, 2f);
        assertTrue(Tensors.withinBinomial(dropped, 240, 0.5, 5), dropped + " of 240 rows dropped");
    }

    @Test
    void dropout2dOnTwoDimensionsIsElementWiseAndWarns() {
        assertEquals(Optional.of(DROPOUT2D_2D), Dropout2d.inputWarning(Shape.of(6, 3)));
        float[] y = new Dropout2d(0.5, NoiseSource.of(2)).forward(Tensors.filled(1f, 200, 50), Mode.TRAIN).toArray();
        int dropped = constantGroups(y, 1, 2f);
        assertTrue(Tensors.withinBinomial(dropped, 10_000, 0.5, 5), dropped + " of 10000 dropped");
        assertTrue(Dropout2d.inputWarning(Shape.of(2, 3, 4, 5, 6)).orElseThrow().contains("Received a 5-D input"));
    }

    @Test
    void dropout2dNeedsTwoDimensionsWhenItDraws() {
        Dropout2d d = new Dropout2d(0.5, NoiseSource.of(3));
        var e = assertThrows(ShapeException.class, () -> d.forward(Tensors.filled(1f, 5), Mode.TRAIN));
        assertTrue(e.getMessage().contains("Feature dropout requires at least 2 dimensions in the input"),
                e.getMessage());
        Tensor x = Tensors.filled(1f, 5);
        assertSame(x, d.forward(x, Mode.EVAL), "eval mode returns before the check, as in PyTorch");
    }

    @Test
    void dropout1dTakesBatchedAndUnbatchedSequences() {
        Dropout1d d = new Dropout1d(0.5, NoiseSource.of(4));
        int batched = constantGroups(d.forward(Tensors.filled(1f, 30, 8, 5), Mode.TRAIN).toArray(), 5, 2f);
        assertTrue(Tensors.withinBinomial(batched, 240, 0.5, 5));
        int unbatched = constantGroups(d.forward(Tensors.filled(1f, 200, 7), Mode.TRAIN).toArray(), 7, 2f);
        assertTrue(Tensors.withinBinomial(unbatched, 200, 0.5, 5));
        var e = assertThrows(ShapeException.class, () -> d.forward(Tensors.filled(1f, 2, 3, 4, 5), Mode.TRAIN));
        assertTrue(e.getMessage().startsWith("dropout1d: Expected 2D or 3D input, but received a 4D input"),
                e.getMessage());
    }

    @Test
    void dropout3dReadsRankFiveAsBatchedAndOthersAsUnbatched() {
        Dropout3d d = new Dropout3d(0.5, NoiseSource.of(5));
        int batched = constantGroups(d.forward(Tensors.filled(1f, 10, 12, 2, 2, 3), Mode.TRAIN).toArray(), 12, 2f);
        assertTrue(Tensors.withinBinomial(batched, 120, 0.5, 5));
        int unbatched = constantGroups(d.forward(Tensors.filled(1f, 150, 2, 2, 3), Mode.TRAIN).toArray(), 12, 2f);
        assertTrue(Tensors.withinBinomial(unbatched, 150, 0.5, 5));
        assertEquals(Optional.empty(), Dropout3d.inputWarning(Shape.of(150, 2, 2, 3)));
        assertEquals(Optional.of(DROPOUT3D_3D), Dropout3d.inputWarning(Shape.of(2, 3, 4)));
        // a 3-D input is unbatched (C, D, H): one draw per leading slice
        int slices = constantGroups(d.forward(Tensors.filled(1f, 100, 3, 4), Mode.TRAIN).toArray(), 12, 2f);
        assertTrue(Tensors.withinBinomial(slices, 100, 0.5, 5));
    }

    @Test
    void featureAlphaDropoutKeepsOrDropsWholePlanes() {
        Layer d = new FeatureAlphaDropout(0.5, NoiseSource.of(6));
        float[] y = d.forward(Tensors.filled(1.5f, 20, 10, 4), Mode.TRAIN).toArray();
        // PyTorch F.alpha_dropout(p=0.5) values: kept 1.5 -> 2.1088011, dropped -> -0.77919394
        int dropped = 0;
        for (int start = 0; start < y.length; start += 4) {
            for (int i = start; i < start + 4; i++) {
                assertEquals(y[start], y[i]);
            }
            assertTrue(y[start] == 2.1088011f || y[start] == -0.77919394f, "plane value " + y[start]);
            dropped += y[start] == -0.77919394f ? 1 : 0;
        }
        assertTrue(Tensors.withinBinomial(dropped, 200, 0.5, 5));
    }
}
