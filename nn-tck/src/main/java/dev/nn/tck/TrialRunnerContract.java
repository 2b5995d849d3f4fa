package dev.nn.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialWork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trial-runner test kit: a runner's tests subclass it and return the runner under test from {@link #open()}.
 * It checks what every {@link TrialRunner} promises, against the sequential {@link LocalTrialRunner} as the
 * reference: the same trials give the same results (bit-identical histories of real training on the scalar
 * backend), a trial that throws comes back as a failed result with its message while the others succeed, results
 * come in trial order whatever order trials finish in, a trial's result depends on its seed and not on its place
 * in the schedule, a stop request runs no trial that had not started, and trained weights come back only when the
 * job asks for them, bit for bit those of the reference.
 *
 * <p>The kit's works are small records of plain data (serializable), trained with nn-core's {@code Trainer}; a
 * runner that ships trials to other JVMs needs this module and nn-core's scalar backend on their class path.
 */
public abstract class TrialRunnerContract {
    private TrialRunner runner;

    /** For subclasses. */
    protected TrialRunnerContract() {
    }

    /** {@return a fresh runner to test; the kit closes it after each test} */
    protected abstract TrialRunner open();

    /** Opens the runner under test. */
    @BeforeEach
    final void openRunner() {
        runner = open();
    }

    /** Closes it. */
    @AfterEach
    final void closeRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    /** Five folds of real training give bit for bit the sequential local run's histories. */
    @Test
    void sameTrialsGiveTheSequentialResults() {
        TrialJob job = job(folds(5, 11), List.of(new KitWorks.Softmax(4, 0.2f)));
        List<TrialResult> expected = LocalTrialRunner.sequential().run(job);
        List<TrialResult> actual = runner.run(job);
        assertTrue(expected.stream().allMatch(TrialResult::ok), "the reference run failed: " + expected);
        assertEquals(expected, actual, runner.name() + " must return the sequential local run's results");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).history(), actual.get(i).history(), "trial " + i + "'s history");
        }
    }

    /** Weights come back only when the job asks, and then bit for bit those of the sequential local run. */
    @Test
    void weightsComeBackOnRequestAsTheSequentialRunTrainedThem() {
        TrialJob job = job(folds(3, 5), List.of(new KitWorks.Softmax(2, 0.2f)));
        assertTrue(runner.run(job).stream().allMatch(r -> r.ok() && r.weights() == null),
                runner.name() + " returned weights nobody asked for");
        List<TrialResult> expected = LocalTrialRunner.sequential().run(job.withWeights());
        List<TrialResult> actual = runner.run(job.withWeights());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).weights().length > 0, "the reference run kept no weights");
            assertArrayEquals(expected.get(i).weights(), actual.get(i).weights(), "trial " + i + "'s weights");
        }
    }

    /** A grid of two candidates: each trial trains its own candidate's work. */
    @Test
    void everyCandidateTrainsItsOwnWork() {
        List<FoldContext> folds = folds(3, 5);
        List<Trial> trials = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            for (int f = 0; f < folds.size(); f++) {
                trials.add(new Trial(trials.size(), c, folds.get(f)));
            }
        }
        TrialJob job = new TrialJob(trials, data(), List.of(new KitWorks.Softmax(2, 0.05f),
                new KitWorks.Softmax(2, 0.5f)), 1);
        List<TrialResult> expected = LocalTrialRunner.sequential().run(job);
        assertEquals(expected, runner.run(job));
        assertFalse(expected.get(0).history().equals(expected.get(3).history()),
                "two learning rates on the same fold train differently");
    }

    /** One trial throws: it comes back failed with its message; the others succeed. */
    @Test
    void aTrialThatThrowsComesBackAsData() {
        TrialJob job = job(folds(4, 3), List.of(new KitWorks.FailOnFold(2, new KitWorks.Softmax(2, 0.2f))));
        List<TrialResult> results = runner.run(job);
        assertEquals(4, results.size(), "every trial comes back: " + results);
        for (TrialResult r : results) {
            assertEquals(r.fold() != 2, r.ok(), "trial " + r.index() + ": " + r);
        }
        TrialResult failed = results.get(2);
        assertTrue(failed.failed());
        assertEquals(IllegalStateException.class.getName(), failed.error().type());
        assertEquals(KitWorks.FailOnFold.message(2), failed.error().message());
    }

    /** Early trials take longest, so they finish last; the results still come in trial order. */
    @Test
    void resultsComeInTrialOrderWhateverOrderTheyFinishIn() {
        List<FoldContext> folds = folds(4, 9);
        TrialJob job = job(folds, List.of(new KitWorks.SlowFirst(folds.size(), 150)));
        List<TrialResult> results = runner.run(job);
        assertEquals(List.of(0, 1, 2, 3), results.stream().map(TrialResult::index).toList());
        assertEquals(List.of(0, 1, 2, 3), results.stream().map(TrialResult::fold).toList());
        for (int i = 0; i < folds.size(); i++) {
            assertEquals(folds.get(i).seed(), results.get(i).seed());
            assertEquals(KitWorks.SlowFirst.expected(folds.get(i)), results.get(i).history(),
                    "trial " + i + " came back with its own history");
        }
    }

    /** The same trials listed in reverse: each trial's result is the same; only the list order follows the job's. */
    @Test
    void aTrialsResultDependsOnItsSeedNotItsScheduleSlot() {
        TrialJob forward = job(folds(4, 21), List.of(new KitWorks.Softmax(3, 0.2f)));
        List<Trial> reversed = new ArrayList<>(forward.trials());
        Collections.reverse(reversed);
        TrialJob backward = new TrialJob(reversed, forward.data(), forward.works(), 1);
        List<TrialResult> a = runner.run(forward);
        List<TrialResult> b = new ArrayList<>(runner.run(backward));
        assertEquals(List.of(3, 2, 1, 0), b.stream().map(TrialResult::index).toList(), "results in the job's order");
        Collections.reverse(b);
        assertEquals(a, b);
    }

    /** A stop requested before the run runs nothing. */
    @Test
    void aStopBeforeTheRunRunsNoTrial() {
        TrialJob job = job(folds(3, 2), List.of(new KitWorks.Softmax(2, 0.2f)));
        AtomicInteger heard = new AtomicInteger();
        List<TrialResult> results = runner.run(job, (r, done, total) -> heard.incrementAndGet(), () -> true);
        assertEquals(List.of(), results);
        assertEquals(0, heard.get(), "no trial finished, so none was reported");
    }

    /** A stop requested once the first trial finished: later trials do not run; what came back is exact. */
    @Test
    void aStopDuringTheRunLeavesTheUnstartedTrialsOut() {
        List<FoldContext> folds = folds(6, 4);
        TrialJob job = job(folds, List.of(new KitWorks.SlowFirst(0, 100)));
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> totals = Collections.synchronizedList(new ArrayList<>());
        List<TrialResult> results = runner.run(job, (r, done, total) -> {
            totals.add(total);
            stop.set(true);
        }, stop::get);
        assertFalse(results.isEmpty(), "the first trial finished before the stop and comes back");
        assertTrue(results.size() < folds.size(), "the stop left trials out: " + results.size() + " came back");
        for (TrialResult r : results) {
            assertEquals(KitWorks.SlowFirst.expected(folds.get(r.fold())), r.history(), "trial " + r.index());
        }
        assertTrue(totals.stream().allMatch(t -> t == folds.size()), "the listener hears the job's size: " + totals);
    }

    /** The listener hears every trial once, counting up to the total. */
    @Test
    void theListenerHearsEveryTrialOnce() {
        TrialJob job = job(folds(5, 8), List.of(new KitWorks.SlowFirst(0, 0)));
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        List<Integer> indices = Collections.synchronizedList(new ArrayList<>());
        runner.run(job, (r, d, total) -> {
            done.add(d);
            indices.add(r.index());
            assertEquals(5, total);
        }, () -> false);
        assertEquals(List.of(1, 2, 3, 4, 5), done);
        assertEquals(List.of(0, 1, 2, 3, 4), indices.stream().sorted().toList());
    }

    /** {@return the kit's data: 90 samples of 4 features in 3 well-separated classes, from a fixed seed} */
    protected static Dataset data() {
        SplittableRandom r = new SplittableRandom(17);
        int n = 90;
        int d = 4;
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) ((j == c ? 2.0 : 0.0) + r.nextGaussian());
            }
        }
        return new Dataset(x, Shape.of(d), y);
    }

    /**
     * {@return {@code k} interleaved folds of {@link #data()} with seeds drawn in fold order}
     *
     * @param k the number of folds
     * @param seed the master seed
     */
    protected static List<FoldContext> folds(int k, long seed) {
        int n = data().size();
        SplittableRandom master = new SplittableRandom(seed);
        List<FoldContext> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> val = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (i % k == f ? val : train).add(i);
            }
            out.add(new FoldContext(f, train.stream().mapToInt(Integer::intValue).toArray(),
                    val.stream().mapToInt(Integer::intValue).toArray(), master.nextLong()));
        }
        return out;
    }

    private static TrialJob job(List<FoldContext> folds, List<TrialWork> works) {
        List<Trial> trials = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            trials.add(new Trial(f, 0, folds.get(f)));
        }
        return new TrialJob(trials, data(), works, 1);
    }

    /** A history a work records without training, for the kit's scheduling checks. */
    static FitHistory history(double loss, double valLoss) {
        return FitHistory.of(java.util.Map.of(FitHistory.LOSS, new double[] {loss}, FitHistory.VAL_LOSS,
                new double[] {valLoss}));
    }
}
