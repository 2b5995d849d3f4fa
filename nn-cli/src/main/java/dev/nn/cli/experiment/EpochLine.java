package dev.nn.cli.experiment;

import dev.nn.core.train.Callback;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.TrainingContext;
import java.io.PrintWriter;

/** Prints one progress line per epoch: losses and accuracies. */
final class EpochLine implements Callback {
    private final String prefix;
    private final PrintWriter log;

    EpochLine(String prefix, PrintWriter log) {
        this.prefix = prefix;
        this.log = log;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord r) {
        log.printf("%s: epoch %d  train loss %.4f acc %.3f  val loss %.4f acc %.3f%n", prefix, r.epoch(),
                r.trainLoss(), r.trainAccuracy(), r.valLoss(), r.valAccuracy());
        log.flush();
    }
}
