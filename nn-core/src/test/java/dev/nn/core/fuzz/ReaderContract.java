package dev.nn.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.api.NnException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every reader of outside bytes promises, whatever the bytes: it returns a result or throws its own
 * {@link NnException} with a message, within a time limit. Any other throwable — a NullPointerException, an index
 * out of bounds, a NumberFormatException, an OutOfMemoryError, a StackOverflowError — or a hang breaks the promise.
 */
public final class ReaderContract {
    /** Far more than any reader needs for the small inputs of the properties; only a hang reaches it. */
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** Readers run on their own thread so that a hang fails the property instead of stopping the run. */
    private static final ExecutorService READER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "reader-under-test");
        t.setDaemon(true);
        return t;
    });

    private ReaderContract() {
    }

    /**
     * {@return the reader's result, or empty when it refused the input with the expected error}
     *
     * @param refusal the reader's own exception type
     * @param read reads the input
     * @param <T> the result type
     */
    public static <T> Optional<T> readsOrRefuses(Class<? extends NnException> refusal, Callable<T> read) {
        try {
            return Optional.of(within(read));
        } catch (ExecutionException e) {
            Throwable thrown = e.getCause();
            if (!refusal.isInstance(thrown)) {
                throw new AssertionError("expected a result or " + refusal.getSimpleName() + ", got " + thrown,
                        thrown);
            }
            String message = thrown.getMessage();
            assertFalse(message == null || message.isBlank(), () -> "an empty message: " + thrown);
            return Optional.empty();
        }
    }

    /**
     * {@return the result of work that must neither throw nor hang, such as a run that reports bad input and goes on}
     *
     * @param work the work
     * @param <T> the result type
     */
    public static <T> T finishes(Callable<T> work) {
        try {
            return within(work);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a result, got " + e.getCause(), e.getCause());
        }
    }

    /** The work's result, or what it threw as the cause of an ExecutionException; a hang fails. */
    private static <T> T within(Callable<T> work) throws ExecutionException {
        Future<T> result = READER.submit(work);
        try {
            return result.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return fail("did not finish within " + LIMIT + " (it hangs)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
