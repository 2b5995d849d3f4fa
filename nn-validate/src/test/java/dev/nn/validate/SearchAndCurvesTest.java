package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grid search, nested CV and validation curves with a fitter whose scores are known in closed form. */
class SearchAndCurvesTest {
    /** Scores config c with val_loss = (c - 2)^2 + 0.01 * fold; records the rows every call saw. */
    private static final class Quadratic {
        final List<int[]> trainSeen = Collections.synchronizedList(new ArrayList<>());
        final List<int[]> valSeen = Collections.synchronizedList(new ArrayList<>());
        final List<Long> seeds = Collections.synchronizedList(new ArrayList<>());

        FoldFitter forConfig(double c) {
            return fold -> {
                trainSeen.add(fold.train());
                valSeen.add(fold.validation());
                seeds.add(fold.seed());
                double v = (c - 2) * (c - 2) + 0.01 * Math.max(0, fold.fold());
                return FitHistory.of(Map.of("loss", new double[] {v / 2}, "val_loss", new double[] {v}));
            };
        }
    }

    @Test
    void gridSearchPicksTheLowestMeanAndRefitsOnAllRows() {
        Quadratic q = new Quadratic();
        GridSearch<Double> search = new GridSearch<>(List.of(0.0, 1.5, 2.5, 4.0), q::forConfig, new KFold(3),
                FitHistory.VAL_LOSS, false, 1, 2);
        int[] rows = java.util.stream.IntStream.range(0, 12).toArray();
        GridSearch.Result<Double> r = search.run(Samples.of(12), rows);
        assertEquals(1.5, r.best());   // 0.25 ties with 2.5; the first is kept, as scikit-learn's rank order does
        assertEquals(0.25 + 0.01, r.bestScore().mean(), 1e-12);
        assertEquals(4, r.candidates().size());
        int[] refitRows = q.trainSeen.getLast();
        assertEquals(12, refitRows.length);
        assertEquals(0, q.valSeen.getLast().length);
    }

    @Test
    void withoutRefitTheSearchTrainsOnlyTheFoldsAndTellsTheListenerOfEach() {
        Quadratic q = new Quadratic();
        List<Integer> heard = Collections.synchronizedList(new ArrayList<>());
        GridSearch<Double> search = new GridSearch<>(List.of(0.0, 1.5, 4.0), q::forConfig, new KFold(3),
                FitHistory.VAL_LOSS, false, 1, 1).optRefit(false)
                .optListener((trial, done, total) -> heard.add(trial.index()));
        GridSearch.Result<Double> r = search.run(Samples.of(12), java.util.stream.IntStream.range(0, 12).toArray());
        assertEquals(1.5, r.best());
        assertNull(r.refit());
        assertEquals(9, q.trainSeen.size(), "3 candidates x 3 folds, no refit");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), heard);
    }

    @Test
    void aStopRequestLeavesTheCandidatesWhoseFoldsDidNotAllFinishUnfinished() {
        Quadratic q = new Quadratic();
        List<Integer> heard = Collections.synchronizedList(new ArrayList<>());
        // sequential: the stop comes while the fourth trial (candidate 2, fold 1) runs, so candidate 1 is complete
        GridSearch<Double> search = new GridSearch<>(List.of(2.5, 0.0, 4.0), q::forConfig, new KFold(3),
                FitHistory.VAL_LOSS, false, 1, 1)
                .optListener((trial, done, total) -> heard.add(trial.index()))
                .optStopWhen(() -> heard.size() >= 3);
        GridSearch.Result<Double> r = search.run(Samples.of(12), java.util.stream.IntStream.range(0, 12).toArray());
        assertEquals(0, r.bestIndex());
        assertEquals(0.25 + 0.01, r.bestScore().mean(), 1e-12);
        assertNull(r.refit(), "a stopped search does not refit");
        assertTrue(r.candidates().get(1).unfinished());
        assertTrue(r.candidates().get(2).unfinished());
        assertTrue(q.trainSeen.size() <= 4, "no trial starts after the stop: " + q.trainSeen.size());
    }

    @Test
    void nestedSearchNeverLooksAtTheOuterTestFold() {
        Quadratic q = new Quadratic();
        GridSearch<Double> search = new GridSearch<>(List.of(1.0, 2.0, 3.0), q::forConfig, new KFold(3),
                FitHistory.VAL_LOSS, false, 5, 1);
        List<Split> outer = new KFold(3).split(Samples.of(30)).splits();
        GridSearch.NestedResult<Double> r = search.nested(new KFold(3), Samples.of(30));
        assertEquals(List.of(2.0, 2.0, 2.0), r.chosen());
        int callsPerOuterFold = 3 * 3 + 1 + 1;
        assertEquals(3 * callsPerOuterFold, q.trainSeen.size());
        for (int f = 0; f < 3; f++) {
            int[] outerTest = outer.get(f).test();
            for (int c = 0; c < callsPerOuterFold - 1; c++) {
                int call = f * callsPerOuterFold + c;
                int[] seen = java.util.stream.IntStream.concat(Arrays.stream(q.trainSeen.get(call)),
                        Arrays.stream(q.valSeen.get(call))).toArray();
                assertTrue(Arrays.stream(seen).noneMatch(i -> Arrays.stream(outerTest).anyMatch(j -> j == i)),
                        "outer fold " + f + " call " + c + " saw outer test rows");
            }
            assertEquals(Arrays.toString(outerTest), Arrays.toString(q.valSeen.get((f + 1) * callsPerOuterFold - 1)));
        }
        assertEquals((0 + 0.01 + 0.02) / 3, r.outerScore().mean(), 1e-12);
    }

    @Test
    void validationCurveGivesEveryValueTheSameFoldsAndSeeds() {
        Quadratic q = new Quadratic();
        List<ValidationCurve.Point<Double>> points = new ValidationCurve<Double>(new KFold(4), q::forConfig, 9, 2)
                .run(List.of(0.0, 2.0, 5.0), Samples.of(20));
        assertEquals(List.of(4.015, 0.015, 9.015), points.stream().map(p -> Math.round(p.validationLoss() * 1e9)
                / 1e9).toList());
        for (int i = 1; i < 3; i++) {
            for (int f = 0; f < 4; f++) {
                assertEquals(points.get(0).result().folds().get(f).seed(),
                        points.get(i).result().folds().get(f).seed());
            }
        }
    }

    @Test
    void learningCurveTrainsOnTheFirstRowsOfEachTrainingFold() {
        Quadratic q = new Quadratic();
        LearningCurveResult r = LearningCurve.builder().setSplitter(new KFold(5)).setFitter(q.forConfig(2))
                .optTrainSizes(TrainSizes.fractions(0.25, 0.5, 1.0)).build().run(Samples.of(20));
        assertEquals("[4, 8, 16]", Arrays.toString(r.sizes()));
        // size 4, fold 1: KFold(5) training indices of fold 1 are 0..3 then 8..19; the first 4 are 0..3
        assertEquals("[0, 1, 2, 3]", Arrays.toString(q.trainSeen.get(1)));
        assertEquals("[4, 5, 6, 7]", Arrays.toString(q.valSeen.get(1)));
        assertEquals(15, q.trainSeen.size());
    }
}
