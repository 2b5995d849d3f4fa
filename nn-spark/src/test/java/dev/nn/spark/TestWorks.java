package dev.nn.spark;

import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialWork;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/** Works and plans for the runner's tests: pure, failing, blocking and unserializable works. */
final class TestWorks {
    private TestWorks() {
    }

    /** {@return 40 samples of 3 features, labels 0 and 1} */
    static Dataset data() {
        return data(11);
    }

    /**
     * {@return 40 samples of 3 features drawn from the seed, labels 0 and 1}
     *
     * @param seed draws the features
     */
    static Dataset data(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[40 * 3];
        float[] y = new float[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2;
            for (int f = 0; f < 3; f++) {
                x[3 * i + f] = (float) (r.nextGaussian() + y[i]);
            }
        }
        return new Dataset(x, Shape.of(3), y, List.of("even", "odd"));
    }

    /**
     * {@return 5-fold trials of each candidate over {@code rows} rows (fold k validates rows i with i % 5 == k),
     * seeds drawn in plan order from one master seed}
     *
     * @param rows the data set's size
     * @param candidates how many configurations
     */
    static List<Trial> fiveFolds(int rows, int candidates) {
        SplittableRandom master = new SplittableRandom(7);
        List<Trial> trials = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            for (int k = 0; k < 5; k++) {
                int fold = k;
                int[] validation = IntStream.range(0, rows).filter(i -> i % 5 == fold).toArray();
                int[] train = IntStream.range(0, rows).filter(i -> i % 5 != fold).toArray();
                trials.add(new Trial(trials.size(), c, new FoldContext(k, train, validation, master.nextLong())));
            }
        }
        return trials;
    }

    /**
     * A pure work: per epoch, a "loss" made of its rows' feature means, the epoch and noise drawn from the seed, so
     * any difference of data, rows, seed or scale between runners shows in the history.
     *
     * @param epochs epochs recorded
     * @param scale multiplies the loss; tells candidates apart
     */
    record SeededWork(int epochs, double scale) implements TrialWork {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
            SplittableRandom r = new SplittableRandom(fold.seed());
            double[] loss = new double[epochs];
            double[] valLoss = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                loss[e] = scale * (mean(data, fold.train()) + r.nextDouble()) / (e + 1);
                valLoss[e] = scale * (mean(data, fold.validation()) + r.nextDouble()) / (e + 1);
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put(FitHistory.LOSS, loss);
            series.put(FitHistory.VAL_LOSS, valLoss);
            return FitHistory.of(series);
        }

        private static double mean(Dataset data, int[] rows) {
            double sum = 0;
            for (int row : rows) {
                for (float v : data.features(row)) {
                    sum += v;
                }
            }
            return sum / rows.length;
        }
    }

    /**
     * Throws for one fold.
     *
     * @param failingFold the fold that throws
     */
    record ThrowingWork(int failingFold) implements TrialWork {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
            if (fold.fold() == failingFold) {
                throw new IllegalArgumentException("learning rate 0 trains nothing (fold " + fold.fold() + ")");
            }
            return new SeededWork(2, 1).fit(fold, data, stop);
        }
    }

    /** Counts, in this JVM, blocking works that started and that were interrupted. */
    static final class Blocking {
        static volatile CountDownLatch started = new CountDownLatch(0);
        static volatile CountDownLatch interrupted = new CountDownLatch(0);

        private Blocking() {
        }

        /**
         * Arms the latches for a run.
         *
         * @param running how many blocking works will be running at once
         */
        static void arm(int running) {
            started = new CountDownLatch(running);
            interrupted = new CountDownLatch(running);
        }
    }

    /** Blocks until its thread is interrupted (a cancelled Spark task), then throws. */
    record BlockingWork() implements TrialWork {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
            Blocking.started.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
                throw new AssertionError("unreachable: slept forever");
            } catch (InterruptedException e) {
                Blocking.interrupted.countDown();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Holds a live object that cannot be serialized.
     *
     * @param live e.g. a backend or an open file; here a plain {@link Object}
     */
    record UnserializableWork(Object live) implements TrialWork {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
            throw new AssertionError("never runs: the runner refuses it first");
        }
    }
}
