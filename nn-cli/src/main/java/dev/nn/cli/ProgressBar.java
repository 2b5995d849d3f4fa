package dev.nn.cli;

import dev.nn.core.train.BatchRecord;
import dev.nn.core.train.Callback;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.TrainingContext;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress for people: on a terminal a bar redrawn in place (samples/s, loss, ETA); otherwise plain lines,
 * a few per epoch, that read well in logs and CI output.
 */
final class ProgressBar implements Callback {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter out;
    private final boolean terminal;
    private final int epochs;
    private long epochStart;
    private long lastDraw;
    private int samples;
    private double lossSum;
    private int nextQuarter;

    /**
     * @param out where to print
     * @param terminal redraw one line in place (true) or print plain lines (false)
     * @param epochs planned epochs, for the header of each line
     */
    ProgressBar(PrintWriter out, boolean terminal, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
    }

    /** @return whether standard output is an interactive terminal */
    static boolean stdoutIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void onEpochBegin(TrainingContext ctx, int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        samples = 0;
        lossSum = 0;
        nextQuarter = 1;
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchRecord b) {
        samples += b.size();
        lossSum += b.loss() * b.size();
        long now = System.nanoTime();
        double seconds = Math.max((now - epochStart) / 1e9, 1e-9);
        double rate = samples / seconds;
        double eta = (b.batches() - b.batch()) * (seconds / b.batch());
        String status = String.format(Locale.ROOT, "epoch %d/%d %s %5.1f%%  %,.0f samples/s  loss %.4f  ETA %s",
                b.epoch(), epochs, bar(b.batch(), b.batches()), 100.0 * b.batch() / b.batches(), rate,
                lossSum / samples, clock(eta));
        if (terminal) {
            if (now - lastDraw > REDRAW_NANOS || b.batch() == b.batches()) {
                out.print("\r" + status);
                out.flush();
                lastDraw = now;
            }
        } else if (b.batch() * 4 >= nextQuarter * b.batches() && b.batch() < b.batches()) {
            out.println(status);
            out.flush();
            nextQuarter = 1 + b.batch() * 4 / b.batches();
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord e) {
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.4f  val loss %.4f acc %.4f"
                        + "  %.1fs (%,.0f samples/s)", e.epoch(), epochs, e.trainLoss(), e.trainAccuracy(),
                e.valLoss(), e.valAccuracy(), e.seconds(), e.trainSamples() / Math.max(e.seconds(), 1e-9)));
        out.flush();
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        ctx.stopReason().ifPresent(reason -> out.println((terminal ? "\r\033[K" : "") + "stopped: " + reason));
        out.flush();
    }

    private static String bar(int done, int total) {
        int width = 24;
        int filled = (int) ((long) width * done / total);
        return "[" + "=".repeat(filled) + (filled < width ? ">" : "") + " ".repeat(Math.max(0, width - filled - 1))
                + "]";
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
