package dev.nn.validate.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trials and their results are plain data; a trial that throws comes back as a failed result. */
class TrialValuesTest {
    private static final FoldContext FOLD = new FoldContext(2, new int[] {0, 1, 2, 3}, new int[] {4, 5}, 77L);
    private static final Dataset SIX_ROWS = new Dataset(new float[6], Shape.of(1), new float[6]);

    private static FitHistory history() {
        return FitHistory.of(Map.of(FitHistory.LOSS, new double[] {0.9, 0.5}, FitHistory.VAL_LOSS,
                new double[] {1.0, 0.7}));
    }

    @Test
    void resultsTravelAndKeepEverythingButTheirTimeInEquality() throws Exception {
        Trial trial = new Trial(5, 1, FOLD);
        TrialResult ok = TrialResult.of(trial, history(), 1.5);
        TrialResult failed = TrialResult.ofError(trial, new ArithmeticException("/ by zero"), 0.25);
        for (TrialResult r : List.of(ok, failed)) {
            TrialResult back = roundTrip(r);
            assertNotSame(r, back);
            assertEquals(r, back);
            assertEquals(r.fitSeconds(), back.fitSeconds());
        }
        assertEquals(trial, roundTrip(trial));
        assertEquals(TrialResult.of(trial, history(), 0), trial.run((f, d, s) -> history(), SIX_ROWS, () -> false),
                "running a trial records its history and its place in the plan");
        assertEquals(TrialResult.of(trial, history(), 99), ok, "the fit time is not part of equality");
        assertEquals(List.of(5, 1, 2, 4, 2, 77L), List.of(ok.index(), ok.candidate(), ok.fold(), ok.trainSize(),
                ok.validationSize(), ok.seed()));
        assertEquals("java.lang.ArithmeticException: / by zero", failed.error().toString());
        assertTrue(ok.ok() && !ok.failed() && failed.failed() && !failed.ok());
    }

    @Test
    void aTrialThatThrowsOrRecordsNothingComesBackFailed() {
        Trial trial = new Trial(0, 0, FOLD);
        TrialResult thrown = trial.run((f, d, s) -> {
            throw new IllegalArgumentException("learning rate 7 is too large");
        }, SIX_ROWS, () -> false);
        assertEquals(new TrialResult.TrialError("java.lang.IllegalArgumentException", "learning rate 7 is too large"),
                thrown.error());
        TrialResult empty = trial.run((f, d, s) -> FitHistory.builder().build(), SIX_ROWS, () -> false);
        assertTrue(empty.failed());
        assertEquals("The trial's work recorded no epoch for fold 2; it must record at least one epoch of loss",
                empty.error().message());
        assertThrows(dev.nn.api.NnException.class, thrown::toFoldResult);
    }

    @Test
    void aResultHoldsAHistoryOrAnErrorNeverBoth() {
        TrialResult.TrialError error = new TrialResult.TrialError("X", null);
        assertEquals("", error.message());
        assertThrows(IllegalArgumentException.class, () -> new TrialResult(0, 0, 0, 1, 1, 0, null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrialResult(0, 0, 0, 1, 1, 0, history(), error, 0));
        assertThrows(IllegalArgumentException.class, () -> new Trial(-1, 0, FOLD));
    }

    @Test
    void aJobChecksItsTrialsAgainstItsWorksAndData() {
        TrialWork work = (f, d, s) -> history();
        IllegalArgumentException noWork = assertThrows(IllegalArgumentException.class,
                () -> new TrialJob(List.of(new Trial(0, 1, FOLD)), SIX_ROWS, List.of(work), 1));
        assertEquals("Trial 0 trains candidate 1 but the job has 1 work(s); give one work per candidate",
                noWork.getMessage());
        Dataset fiveRows = new Dataset(new float[5], Shape.of(1), new float[5]);
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> TrialJob.of(List.of(new Trial(0, 0, FOLD)), fiveRows, work));
        assertEquals("Trial 0 uses row 5 but the data set has 5 rows; split the same data set the job carries",
                rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrialJob(List.of(), SIX_ROWS, List.of(work), 0));
        assertFalse(TrialJob.of(List.of(), SIX_ROWS, work).trials().iterator().hasNext());
    }

    @Test
    void aDataSetTravelsAsPlainArrays() throws Exception {
        Dataset images = new Dataset(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, Shape.of(1, 2, 2), new float[] {1, 0},
                List.of("cat", "dog"));
        Dataset back = roundTrip(PortableDataset.of(images)).dataset();
        assertEquals(images.sampleShape(), back.sampleShape());
        assertEquals(List.of("cat", "dog"), back.classNames());
        assertEquals(java.util.Arrays.toString(images.features()), java.util.Arrays.toString(back.features()));
        assertEquals(java.util.Arrays.toString(images.labels()), java.util.Arrays.toString(back.labels()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
