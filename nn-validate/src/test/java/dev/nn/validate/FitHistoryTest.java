package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.History;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A history of one run in Keras' names: what is kept from the trainer's records, the kept epoch, equality. */
class FitHistoryTest {
    private static final double NAN = Double.NaN;

    /** A trainer's history of these records (History fills itself only inside a training run). */
    private static History trainerHistory(EpochRecord... records) {
        History h = mock(History.class);
        when(h.epochs()).thenReturn(List.of(records));
        for (String metric : EpochRecord.METRICS) {
            double[] values = new double[records.length];
            for (int i = 0; i < records.length; i++) {
                values[i] = records[i].metric(metric);
            }
            when(h.series(metric)).thenReturn(values);
        }
        return h;
    }

    private static EpochRecord epoch(int e, double loss, double acc, double valLoss, double valAcc) {
        return new EpochRecord(e, loss, acc, valLoss, valAcc, 0.1, 100, 1.0);
    }

    @Test
    void aClassifierWithAValidationSetKeepsEveryFigureUnderKerasNames() {
        FitHistory h = FitHistory.from(trainerHistory(epoch(1, 1.0, 0.5, 1.1, 0.45), epoch(2, 0.5, 0.8, 0.7, 0.7)),
                -1);
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"), List.copyOf(h.keys()));
        assertArrayEquals(new double[] {0.5, 0.8}, h.series("accuracy"));
        assertEquals(1, h.finalEpoch());
    }

    @Test
    void aRegressionWithoutValidationKeepsTheLossAndTheRate() {
        FitHistory h = FitHistory.from(trainerHistory(epoch(1, 2.0, NAN, NAN, NAN), epoch(2, 1.0, NAN, NAN, NAN)),
                0);
        assertEquals(List.of("loss", "lr"), List.copyOf(h.keys()));
        assertFalse(h.has("val_loss"));
        assertTrue(h.has("loss"));
        assertEquals(0, h.finalEpoch(), "the kept epoch 0 is the first");
        assertEquals(2.0, h.last("loss"));
    }

    @Test
    void aDivergedModelKeepsItsNanLosses() {
        // validation accuracy was measured, so the NaN validation loss is a result, not a missing figure
        FitHistory h = FitHistory.from(trainerHistory(epoch(1, NAN, 0.1, NAN, 0.1)), -1);
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"), List.copyOf(h.keys()));
        assertTrue(Double.isNaN(h.last("val_loss")));
        // a validation loss without accuracies (a regression) is measured by itself
        FitHistory regression = FitHistory.from(trainerHistory(epoch(1, 1.0, NAN, 1.5, NAN)), -1);
        assertEquals(List.of("loss", "val_loss", "lr"), List.copyOf(regression.keys()));
    }

    @Test
    void theKeptEpochMustBeOneThatRan() {
        FitHistory h = FitHistory.of(Map.of("loss", new double[] {1.0, 0.5}));
        assertEquals(1.0, h.withFinalEpoch(0).last("loss"));
        assertEquals(0.5, h.withFinalEpoch(1).last("loss"));
        assertEquals("Kept epoch 2 is outside 0..1",
                assertThrows(IllegalArgumentException.class, () -> h.withFinalEpoch(2)).getMessage());
        assertEquals("Kept epoch -1 is outside 0..1",
                assertThrows(IllegalArgumentException.class, () -> h.withFinalEpoch(-1)).getMessage());
        assertEquals("Kept epoch 2 is outside 0..1", assertThrows(IllegalArgumentException.class,
                () -> FitHistory.builder().addEpoch(Map.of("loss", 1.0)).addEpoch(Map.of("loss", 0.5))
                        .optFinalEpoch(2).build()).getMessage());
        assertEquals(1, FitHistory.builder().addEpoch(Map.of("loss", 1.0)).addEpoch(Map.of("loss", 0.5))
                .optFinalEpoch(1).build().finalEpoch());
        assertEquals(0, FitHistory.builder().build().finalEpoch(), "no epoch: nothing to keep, and no error");
    }

    @Test
    void historiesAreEqualByEveryValueAndTheKeptEpoch() {
        FitHistory a = FitHistory.of(Map.of("loss", new double[] {1.0, 0.5}));
        assertEquals(a, FitHistory.of(Map.of("loss", new double[] {1.0, 0.5})));
        assertEquals(a.hashCode(), FitHistory.of(Map.of("loss", new double[] {1.0, 0.5})).hashCode());
        FitHistory otherValue = FitHistory.of(Map.of("loss", new double[] {1.0, 0.25}));
        assertNotEquals(a, otherValue);
        assertNotEquals(a.hashCode(), otherValue.hashCode());
        assertNotEquals(a, a.withFinalEpoch(0));
        assertNotEquals(a, FitHistory.of(Map.of("val_loss", new double[] {1.0, 0.5})));
        assertNotEquals(a, FitHistory.of(Map.of("loss", new double[] {1.0})));
        assertNotEquals(a, "FitHistory[2 epochs, kept 1, loss=0.5000]");
    }

    @Test
    void itPrintsTheKeptValues() {
        FitHistory h = FitHistory.of(Map.of("loss", new double[] {1.0, 0.5}));
        assertEquals("FitHistory[2 epochs, kept 1, loss=0.5000]", h.toString());
        assertEquals("FitHistory[2 epochs, kept 0, loss=1.000]", h.withFinalEpoch(0).toString());
        assertEquals("FitHistory[0 epochs, kept 0]", FitHistory.of(Map.of("loss", new double[0])).toString(),
                "empty series record no epoch and no key");
    }
}
