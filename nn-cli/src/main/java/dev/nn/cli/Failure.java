package dev.nn.cli;

import dev.nn.api.NnException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;

/**
 * What {@code nn} prints and returns when a command fails, whatever failed: nn's own errors ({@link NnException})
 * already say what was wrong and how to fix it, so they are one line and exit status 2; anything else is a bug or
 * the machine running out of something, told in one paragraph with exit status 1. The stack trace is printed only
 * under {@code --debug}.
 */
final class Failure {
    /** Exit status of bad input: nn's own errors. */
    static final int BAD_INPUT = 2;
    /** Exit status of anything else: out of memory, a bug in nn or a plugin. */
    static final int CRASH = 1;

    private Failure() {
    }

    /**
     * Prints the failure and gives the exit status.
     *
     * @param failure what was thrown
     * @param err standard error
     * @param debug print the stack trace too
     * @return {@link #BAD_INPUT} for nn's own errors, {@link #CRASH} for anything else
     */
    static int report(Throwable failure, PrintWriter err, boolean debug) {
        int status;
        if (failure instanceof NnException) {
            err.println("error: " + failure.getMessage());
            status = BAD_INPUT;
        } else {
            err.println("error: " + explain(failure, Runtime.getRuntime().maxMemory()));
            status = CRASH;
        }
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /**
     * @param failure anything but an {@link NnException}
     * @param maxHeap the JVM's heap limit in bytes
     * @return one paragraph: what happened, where, and what to do
     */
    static String explain(Throwable failure, long maxHeap) {
        String where = where(failure);
        if (failure instanceof OutOfMemoryError) {
            return String.format(Locale.ROOT, "nn ran out of memory (%s) while allocating in %s, with a heap limit "
                    + "of %d MiB. Use less data at once (a smaller --batch or --limit, or a smaller --model), or give "
                    + "Java more heap: ./nn -Xmx8g train ... (the ./nn launcher passes -X options given before the "
                    + "command to Java; any launcher, the jlink image's bin/nn too, honours JDK_JAVA_OPTIONS=-Xmx8g).",
                    failure.getMessage(), where, maxHeap >> 20);
        }
        return "nn failed unexpectedly with " + failure.getClass().getName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + " in " + where
                + ". This is a bug in nn or in a plugin, not in your input. Run the same command with --debug for "
                + "the stack trace, and report it with the command line.";
    }

    /**
     * Where the failure happened: the innermost frame of nn's code (or the first frame when there is none), and the
     * innermost frame of the command that called it, e.g. {@code dev.nn.host.HostBackend.tensor (called from
     * dev.nn.cli.model.ModelSpec.mlp)}.
     */
    private static String where(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        String inner = Arrays.stream(frames).filter(f -> f.getClassName().startsWith("dev.nn.")).findFirst()
                .or(() -> Arrays.stream(frames).findFirst()).map(Failure::name)
                .orElse("an unknown place (no stack trace)");
        return Arrays.stream(frames).filter(f -> f.getClassName().startsWith("dev.nn.cli.")).findFirst()
                .map(Failure::name).filter(caller -> !caller.equals(inner))
                .map(caller -> inner + " (called from " + caller + ")").orElse(inner);
    }

    private static String name(StackTraceElement frame) {
        return frame.getClassName() + "." + frame.getMethodName();
    }
}
