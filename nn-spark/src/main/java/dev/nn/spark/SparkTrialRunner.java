package dev.nn.spark;

import dev.nn.api.NnException;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialListener;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Runs trials as Apache Spark tasks: the {@code spark} runner. One job per {@link TrialJob}, one partition (one
 * task) per trial so that uneven trials balance over the executors; the data set is encoded once on the driver and
 * broadcast, and each executor JVM decodes it once for all its tasks; each task carries its own trial and work
 * (Java serialization, checked on the driver before anything runs) and reserves {@code spark.task.cpus} cores. Trained
 * weights come back only when the job asks for them ({@link TrialJob#returnWeights()}).
 * Results come back to the driver as each task ends: the listener hears of them there, on the calling thread, and
 * the run returns them in trial order.
 *
 * <p>A trial that throws comes back as a failed {@link TrialResult} (it is caught inside the task, so Spark does not
 * retry it into a job failure). Spark may still rerun a task whose executor was lost; that is safe, since a trial is
 * a pure function of its work, split and seed. When {@code stop} turns true the runner cancels its job group (tasks
 * are interrupted, and their stop condition turns true) and returns the trials that finished before.
 *
 * <pre>{@code
 * try (TrialRunner spark = SparkTrialRunner.of(javaSparkContext)) {   // the caller's context, left running
 *     List<TrialResult> results = spark.run(job);
 * }
 * }</pre>
 */
public final class SparkTrialRunner implements TrialRunner {
    /** This runner's name. */
    public static final String NAME = "spark";

    private static final System.Logger LOG = System.getLogger(SparkTrialRunner.class.getName());
    /** How often the driver looks at the stop condition while it waits for results. */
    private static final long POLL_MILLIS = 50;

    private final SparkConf conf;
    private final boolean owned;
    private JavaSparkContext context;
    private boolean closed;

    private SparkTrialRunner(JavaSparkContext context, SparkConf conf, boolean owned) {
        this.context = context;
        this.conf = conf;
        this.owned = owned;
    }

    /**
     * {@return a runner on the caller's Spark context, which it uses but never stops}
     *
     * @param context a running context; its {@code spark.task.cpus} is what each trial gets
     */
    public static SparkTrialRunner of(JavaSparkContext context) {
        return new SparkTrialRunner(Objects.requireNonNull(context, "context"), null, false);
    }

    /**
     * {@return a runner that starts its own Spark context from {@code conf} at its first run (so that, unless
     * {@code conf} sets {@code spark.task.cpus}, the cores each task reserves are the first job's threads per
     * trial), and stops it on {@link #close()}}
     *
     * @param conf the context's settings; it must name the master and the application
     */
    public static SparkTrialRunner open(SparkConf conf) {
        if (!conf.contains("spark.master") || !conf.contains("spark.app.name")) {
            throw new NnException("A Spark trial runner's configuration needs spark.master and spark.app.name, got "
                    + (conf.contains("spark.master") ? "" : "no master ") + (conf.contains("spark.app.name") ? ""
                    : "no application name") + "; e.g. new SparkConf().setMaster(\"local[*]\").setAppName(\"nn\")");
        }
        return new SparkTrialRunner(null, conf.clone(), true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(stop, "stop");
        job.requireSerializableWorks(NAME);
        List<Trial> trials = job.trials();
        if (trials.isEmpty() || stop.getAsBoolean()) {
            return List.of();
        }
        JavaSparkContext sc = context(job.threadsPerTrial());
        byte[] encoded = DatasetCodec.encode(job.data());
        Broadcast<byte[]> data = sc.broadcast(encoded);
        String group = "nn-trials-" + UUID.randomUUID();
        sc.setJobGroup(group, trials.size() + " nn trials", true);
        try {
            return collect(sc, group, submit(sc, job, data, DatasetCodec.hash(encoded)), trials.size(), listener,
                    stop);
        } finally {
            sc.clearJobGroup();
            if (!sc.sc().isStopped()) {
                data.destroy();
            }
        }
    }

    /** The job's tasks in one partition each; the handler queues each trial's result as its task ends. */
    private static Submitted submit(JavaSparkContext sc, TrialJob job, Broadcast<byte[]> data, String hash) {
        List<TrialTask> tasks = new ArrayList<>();
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < job.trials().size(); i++) {
            Trial trial = job.trials().get(i);
            tasks.add(new TrialTask(i, trial, job.workOf(trial), job.returnWeights()));
            partitions.add(i);
        }
        BlockingQueue<Arrived> finished = new LinkedBlockingQueue<>();
        SimpleFutureAction<BoxedUnit> future = sc.sc().submitJob(sc.parallelize(tasks, tasks.size()).rdd(),
                new RunTrialPartition(data, hash), CollectionConverters.asScala(partitions).toSeq(),
                new AbstractFunction2<Object, TrialResult, BoxedUnit>() {
                    @Override
                    public BoxedUnit apply(Object partition, TrialResult result) {
                        finished.add(new Arrived((Integer) partition, result)); // partition i holds trial i
                        return BoxedUnit.UNIT;
                    }
                },
                new AbstractFunction0<BoxedUnit>() {
                    @Override
                    public BoxedUnit apply() {
                        return BoxedUnit.UNIT;
                    }
                });
        return new Submitted(future, finished);
    }

    /** A running Spark job and the queue its results arrive in. */
    private record Submitted(SimpleFutureAction<BoxedUnit> future, BlockingQueue<Arrived> finished) {
    }

    /** A trial's result, at its place in the job. */
    private record Arrived(int position, TrialResult result) {
    }

    /** Hands results to the listener on this thread as they arrive, until all are in, the job fails, or stop. */
    private static List<TrialResult> collect(JavaSparkContext sc, String group, Submitted job, int total,
                                             TrialListener listener, BooleanSupplier stop) {
        TrialResult[] results = new TrialResult[total];
        int done = 0;
        while (done < total) {
            if (stop.getAsBoolean()) {
                cancel(sc, group);
                break;
            }
            Arrived arrived = poll(job.finished());
            if (arrived != null) {
                // a trial that ends while stop is true may have been cut short: left out
                if (!stop.getAsBoolean() && results[arrived.position()] == null) {
                    results[arrived.position()] = arrived.result();
                    listener.trialFinished(arrived.result(), ++done, total);
                }
            } else if (job.future().isCompleted() && job.finished().isEmpty()) {
                // Ctrl-C: Spark's shutdown hook may stop the context, failing the job, just before stop turns true
                if (!stop.getAsBoolean()) {
                    failIfFailed(job.future(), done, total);
                }
                break;
            }
        }
        return Arrays.stream(results).filter(Objects::nonNull).toList();
    }

    /** Cancels the job's tasks (interrupting them); a context that is already stopped (JVM shutdown) ran them out. */
    private static void cancel(JavaSparkContext sc, String group) {
        if (!sc.sc().isStopped()) {
            try {
                sc.cancelJobGroup(group);
            } catch (IllegalStateException stoppedMeanwhile) {
                LOG.log(System.Logger.Level.DEBUG, "Spark stopped before the trials' job group was cancelled",
                        stoppedMeanwhile);
            }
        }
    }

    private static Arrived poll(BlockingQueue<Arrived> queue) {
        try {
            return queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NnException("Interrupted while waiting for Spark trials; the job keeps running until its "
                    + "context stops or its group is cancelled", e);
        }
    }

    /** The job ended before every result came: Spark could not run it (not a trial's error, which is data). */
    private static void failIfFailed(SimpleFutureAction<BoxedUnit> future, int done, int total) {
        Try<BoxedUnit> outcome = future.value().get();
        Throwable cause = outcome.isFailure() ? outcome.failed().get() : null;
        throw new NnException("The Spark job of " + total + " trials ended after " + done + " of them: "
                + (cause == null ? "some results never arrived" : cause.getMessage()) + ". Trials' own errors come "
                + "back as failed results, so this is Spark's: read the executors' logs (lost executors, "
                + "classes missing on the executors' class path, memory)", cause);
    }

    /** The context to run on, started now when this runner owns it and has not started it yet. */
    private synchronized JavaSparkContext context(int threadsPerTrial) {
        if (closed) {
            throw new NnException("This Spark trial runner is closed; open a new one to run more trials");
        }
        if (context == null) {
            SparkConf start = conf.clone();
            if (!start.contains("spark.task.cpus")) {
                start.set("spark.task.cpus", Integer.toString(threadsPerTrial));
            }
            try {
                context = new JavaSparkContext(start);
            } catch (RuntimeException e) {
                throw new NnException("Could not start Spark (master " + start.get("spark.master") + "): "
                        + e.getMessage() + ". One Spark context runs per JVM: to run trials on one that is already "
                        + "running, use SparkTrialRunner.of(context)", e);
            }
        }
        int cpus = context.getConf().getInt("spark.task.cpus", 1);
        if (cpus != threadsPerTrial) {
            LOG.log(System.Logger.Level.WARNING, "Spark runs each trial with spark.task.cpus={0} cores but the job "
                    + "asks for {1} threads per trial; set spark.task.cpus={1} on the context to reserve them",
                    cpus, threadsPerTrial);
        }
        return context;
    }

    /** {@return the Spark context, or null when this runner starts its own and has not run yet} */
    JavaSparkContext sparkContext() {
        return context;
    }

    /** Stops the Spark context when this runner started it; a caller's context is left running. */
    @Override
    public synchronized void close() {
        if (!closed && owned && context != null) {
            context.close();
        }
        closed = true;
    }

    @Override
    public String toString() {
        return "spark runner on " + (context != null ? context.master() : conf.get("spark.master"));
    }
}
