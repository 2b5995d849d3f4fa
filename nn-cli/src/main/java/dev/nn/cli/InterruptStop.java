package dev.nn.cli;

import dev.nn.core.train.Callback;
import dev.nn.core.train.TrainingContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C during a run: training stops after the current batch, and the JVM's shutdown waits (up to a minute) until the
 * command has written its partial report. {@link #install()} before the run, {@link #done(Thread)} after it.
 */
final class InterruptStop implements Callback {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    Thread install() {
        Thread hook = new Thread(() -> {
            request();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nn-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    void done(Thread hook) {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting because of Ctrl-C: the hook has seen `finished`
        }
    }

    /** What Ctrl-C does: the next batch end stops training. */
    void request() {
        requested.set(true);
    }

    boolean requested() {
        return requested.get();
    }

    @Override
    public void onStepEnd(TrainingContext ctx, int epoch, int batch) {
        if (requested.get()) {
            ctx.requestStop("interrupted by the user (Ctrl-C); the best checkpoint so far is kept");
        }
    }
}
