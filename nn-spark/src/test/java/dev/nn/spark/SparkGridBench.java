package dev.nn.spark;

import dev.nn.core.data.Dataset;
import dev.nn.core.data.IdxReader;
import dev.nn.model.OptimizerRecipe;
import dev.nn.model.TrainingRecipe;
import dev.nn.validate.FoldContext;
import dev.nn.validate.Samples;
import dev.nn.validate.Split;
import dev.nn.validate.StratifiedKFold;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialWork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The measurement behind tools/spark-grid-bench.sh (not a unit test): a grid of 4 mlp recipes x 5 stratified folds
 * (20 trials) on a slice of the bundled Fashion-MNIST images, run once by the local runner with 2 threads and once
 * on a Spark master (default {@code local-cluster[2,1,1024]}: two executor JVMs of one core); it prints both wall
 * times, Spark's start-up, the overhead per trial, and whether the 20 histories are identical.
 */
public final class SparkGridBench {
    private SparkGridBench() {
    }

    /**
     * Runs the measurement.
     *
     * @param args {@code DATA_DIR [ROWS [EPOCHS [MASTER]]]}: the folder of {@code t10k-images-idx3-ubyte.gz} and
     *             {@code t10k-labels-idx1-ubyte.gz}, the rows used (default 5000), epochs per trial (default 5) and
     *             the Spark master
     */
    public static void main(String[] args) {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING); // one line per trial else
        Path dir = Path.of(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String master = args.length > 3 ? args[3] : "local-cluster[2,1,1024]";
        Dataset all = IdxReader.readImages(dir.resolve("t10k-images-idx3-ubyte.gz"),
                dir.resolve("t10k-labels-idx1-ubyte.gz"), List.of());
        Dataset data = all.subset(IntStream.range(0, rows).toArray());
        TrialJob job = grid(data, epochs);
        System.out.printf(Locale.ROOT, "grid: %d trials (4 mlp recipes x 5 folds), %d rows, %d epochs each, "
                + "cpu-simd backend with 1 thread per trial%n", job.trials().size(), rows, epochs);

        List<TrialResult> local = List.of();
        double localSeconds = 0;
        // each runner runs the grid twice: the first run includes the JVMs' warm-up (JIT), the second does not
        for (String run : List.of("cold", "warm")) {
            long t0 = System.nanoTime();
            try (LocalTrialRunner runner = new LocalTrialRunner(2)) {
                local = runner.run(job);
            }
            localSeconds = seconds(t0);
            print("local runner, 2 threads, " + run, localSeconds, local);
        }

        long t1 = System.nanoTime();
        SparkConf conf = new SparkConf().setMaster(master).setAppName("nn grid bench")
                .set("spark.ui.enabled", "false").set("spark.task.cpus", "1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            // a trivial job over every slot: the executors are up and registered
            sc.parallelize(List.of(1, 2, 3, 4), 4).count();
            double startSeconds = seconds(t1);
            System.out.printf(Locale.ROOT, "spark start-up (context + executors registered): %.1f s%n", startSeconds);
            double cold = 0;
            for (String run : List.of("cold", "warm")) {
                long t2 = System.nanoTime();
                List<TrialResult> spark = SparkTrialRunner.of(sc).run(job);
                double sparkSeconds = seconds(t2);
                cold = cold == 0 ? sparkSeconds : cold;
                print("spark " + master + ", " + run, sparkSeconds, spark);
                System.out.printf(Locale.ROOT, "  overhead per trial against the warm local run: %.3f s%n",
                        (sparkSeconds - localSeconds) / job.trials().size());
                System.out.println("  histories identical to the local run: " + local.equals(spark));
            }
            System.out.printf(Locale.ROOT, "overhead per trial of a fresh cluster (start-up + cold run - warm local "
                    + "run): %.3f s%n", (startSeconds + cold - localSeconds) / job.trials().size());
        }
    }

    private static TrialJob grid(Dataset data, int epochs) {
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) data.label(i);
        }
        List<Split> splits = new StratifiedKFold(5, true, 42L).split(Samples.labeled(labels)).splits();
        List<TrialWork> works = new ArrayList<>();
        for (String model : List.of("mlp:32", "mlp:64", "mlp:32,32", "mlp:64;dropout=0.2")) {
            works.add(TrainingRecipe.builder().setModel(model).optOptimizer(OptimizerRecipe.of("adam", 0.001, 0))
                    .optEpochs(epochs).optBatchSize(64).optBackend("cpu-simd").optThreads(1).build().work());
        }
        SplittableRandom seeds = new SplittableRandom(7);
        List<Trial> trials = new ArrayList<>();
        for (int c = 0; c < works.size(); c++) {
            for (int k = 0; k < splits.size(); k++) {
                FoldContext fold = new FoldContext(k, splits.get(k).train(), splits.get(k).test(), seeds.nextLong());
                trials.add(new Trial(trials.size(), c, fold));
            }
        }
        return new TrialJob(trials, data, works, 1);
    }

    private static void print(String what, double wall, List<TrialResult> results) {
        double fit = results.stream().mapToDouble(TrialResult::fitSeconds).sum();
        long failed = results.stream().filter(TrialResult::failed).count();
        System.out.printf(Locale.ROOT, "%-34s wall %6.1f s, fit time summed over trials %6.1f s, %d failed%n",
                what + ":", wall, fit, failed);
        results.stream().filter(TrialResult::failed).limit(3).forEach(r -> System.out.println("  " + r.error()));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
