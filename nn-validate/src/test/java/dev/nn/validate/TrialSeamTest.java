package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialListener;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The validations run their fits as trials of a runner; in-process fitters stay in-process. */
class TrialSeamTest {
    private static FitHistory scored(double valLoss) {
        return FitHistory.of(Map.of(FitHistory.LOSS, new double[] {valLoss / 2}, FitHistory.VAL_LOSS,
                new double[] {valLoss}));
    }

    /** A runner that ships trials: it refuses works that cannot be serialized, then runs them here. */
    private static final class ShippingRunner implements TrialRunner {
        @Override
        public String name() {
            return "shipping";
        }

        @Override
        public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
            job.requireSerializableWorks(name());
            return LocalTrialRunner.sequential().run(job, listener, stop);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRunnerThatShipsRefusesAnInProcessFitterBeforeAnythingRuns() {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        FoldFitter local = fold -> {
            ran.add(fold.fold());
            return scored(1);
        };
        NnException e = assertThrows(NnException.class, () -> CrossValidation.builder().setSplitter(new KFold(3))
                .setFitter(local).optRunner(new ShippingRunner()).build().run(Samples.of(9)));
        assertTrue(e.getMessage().startsWith("The 'shipping' runner sends trials to other JVMs, but candidate 0's "
                + "work (dev.nn.validate.FoldFitterWork) cannot be serialized: a FoldFitter ("), e.getMessage());
        assertTrue(e.getMessage().contains("runs on the 'local' runner only; to run elsewhere give a work made of "
                + "plain data, such as a dev.nn.model.TrainingRecipe's work()"), e.getMessage());
        assertEquals(List.of(), ran, "nothing ran");
    }

    @Test
    void aFoldThatThrowsEndsTheCrossValidationNamingTheFold() {
        FoldFitter brokenOnSecond = fold -> {
            if (fold.fold() == 1) {
                throw new ArithmeticException("/ by zero");
            }
            return scored(1);
        };
        IllegalStateException bug = assertThrows(IllegalStateException.class, () -> CrossValidation.builder()
                .setSplitter(new KFold(3)).setFitter(brokenOnSecond).optParallelism(2).build().run(Samples.of(9)));
        assertEquals("Cross-validation: fold 2 of 3 failed: java.lang.ArithmeticException: / by zero",
                bug.getMessage());
        FoldFitter badInput = fold -> {
            throw new NnException("the model wants 4 features, the data has 3");
        };
        NnException e = assertThrows(NnException.class, () -> CrossValidation.builder().setSplitter(new KFold(3))
                .setFitter(badInput).build().run(Samples.of(9)));
        assertEquals("Cross-validation: folds 1, 2, 3 of 3 failed: the model wants 4 features, the data has 3",
                e.getMessage());
    }

    @Test
    void theListenerHearsEveryFoldAndTheGivenRunnerRunsThem() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        CrossValidationResult r = CrossValidation.builder().setSplitter(new KFold(4)).setFitter(f -> scored(f.fold()))
                .optRunner(new LocalTrialRunner(2)).optListener((t, done, total) -> heard.add(done + "/" + total))
                .build().run(Samples.of(8));
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), r.folds().stream().map(f -> f.last(FitHistory.VAL_LOSS)).toList());
        assertEquals(List.of("1/4", "2/4", "3/4", "4/4"), heard);
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> CrossValidation.builder()
                .setSplitter(new KFold(4)).setFitter(f -> scored(1)).optRunner(new LocalTrialRunner(2))
                .optParallelism(3).build());
        assertTrue(both.getMessage().startsWith("parallelism 3 is the built-in local runner's setting, but the "
                + "runner 'local' was given"), both.getMessage());
    }

    @Test
    void aGridSearchSkipsTheConfigurationThatFailsAndFailsOnlyWhenAllDo() {
        GridSearch<Double> search = new GridSearch<>(List.of(1.0, -1.0, 3.0), c -> fold -> {
            if (c < 0) {
                throw new NnException("negative width " + c);
            }
            return scored((c - 2) * (c - 2) + fold.fold() * 0.01);
        }, new KFold(3), FitHistory.VAL_LOSS, false, 1, 2);
        int[] rows = java.util.stream.IntStream.range(0, 9).toArray();
        GridSearch.Result<Double> r = search.run(Samples.of(9), rows);
        assertEquals(1.0, r.best(), "1 and 3 tie at 1.01; the first is kept");
        assertTrue(r.candidates().get(1).failed());
        assertEquals("negative width -1.0", r.candidates().get(1).error().message());
        GridSearch<Double> allBad = new GridSearch<>(List.of(-1.0), c -> fold -> {
            throw new NnException("negative width " + c);
        }, new KFold(3), FitHistory.VAL_LOSS, false, 1, 1);
        NnException e = assertThrows(NnException.class, () -> allBad.run(Samples.of(9), rows));
        assertTrue(e.getMessage().startsWith("Grid search: every one of the 1 configurations failed: [-1.0: "
                + "dev.nn.api.NnException: negative width -1.0]"), e.getMessage());
    }
}
