package dev.nn.core.train;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints plain progress lines: every {@code batchEvery} batches the running loss, accuracy and samples per second;
 * after each epoch the training and validation figures; at the end why training stopped. Lines go to any sink
 * (standard output, a logger, a test's list), one call per line, without colour or carriage returns so logs stay
 * readable.
 */
public final class ProgressLogger implements Callback {
    private final Consumer<String> sink;
    private final int batchEvery;
    private long epochStart;
    private int samples;
    private double lossSum;
    private long correct;
    private boolean classification;

    /**
     * A logger writing progress lines.
     *
     * @param sink receives each line
     * @param batchEvery print a batch line every this many batches; 0 = epoch lines only
     */
    public ProgressLogger(Consumer<String> sink, int batchEvery) {
        if (batchEvery < 0) {
            throw new IllegalArgumentException("batchEvery must be >= 0 (0 = epoch lines only), got " + batchEvery);
        }
        this.sink = sink;
        this.batchEvery = batchEvery;
    }

    /** {@return a logger printing epoch lines to standard output} */
    public static ProgressLogger toStdout() {
        return new ProgressLogger(System.out::println, 0);
    }

    /**
     * {@return a logger writing each line at INFO level to the {@code System.Logger} named {@code dev.nn.core.train}}
     *
     * @param batchEvery print a batch line every this many batches; 0 = epoch lines only
     */
    public static ProgressLogger toSystemLogger(int batchEvery) {
        System.Logger logger = System.getLogger("dev.nn.core.train");
        return new ProgressLogger(line -> logger.log(System.Logger.Level.INFO, line), batchEvery);
    }

    @Override
    public void onEpochBegin(TrainingContext ctx, int epoch) {
        epochStart = System.nanoTime();
        samples = 0;
        lossSum = 0;
        correct = 0;
        classification = true;
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchRecord b) {
        samples += b.size();
        lossSum += b.loss() * b.size();
        classification &= !Double.isNaN(b.accuracy());
        correct += classification ? Math.round(b.accuracy() * b.size()) : 0;
        if (batchEvery > 0 && (b.batch() / batchEvery > (b.firstBatch() - 1) / batchEvery || b.batch() == b.batches())) {
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            sink.accept(String.format(Locale.ROOT, "epoch %d/%d batch %d/%d loss %.4f%s %.0f samples/s",
                    b.epoch(), ctx.epochs(), b.batch(), b.batches(), lossSum / samples,
                    classification ? String.format(Locale.ROOT, " acc %.4f", (double) correct / samples) : "",
                    samples / Math.max(seconds, 1e-9)));
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord e) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d train_loss %.4f", e.epoch(),
                ctx.epochs(), e.trainLoss()));
        append(sb, "train_acc", e.trainAccuracy());
        append(sb, "val_loss", e.valLoss());
        append(sb, "val_acc", e.valAccuracy());
        sb.append(String.format(Locale.ROOT, " lr %.3g %.2f s %.0f samples/s", e.learningRate(), e.seconds(),
                e.trainSamples() / Math.max(e.seconds(), 1e-9)));
        sink.accept(sb.toString());
    }

    private static void append(StringBuilder sb, String name, double v) {
        if (!Double.isNaN(v)) {
            sb.append(String.format(Locale.ROOT, " %s %.4f", name, v));
        }
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        int done = ctx.history().epochs().size();
        sink.accept(ctx.stopReason().map(r -> "stopped after " + done + " epoch" + (done == 1 ? "" : "s") + ": " + r)
                .orElse("finished " + done + " epoch" + (done == 1 ? "" : "s")));
    }
}
