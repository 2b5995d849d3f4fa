package dev.nn.validate.trial;

import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldResult;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one trial came back with: its history, or the error it threw (as plain data, so a failed point of a grid
 * does not end the grid and results travel between JVMs). Equality ignores the fit time, so the same trial run
 * anywhere on the same backend gives an equal result (weights compared byte for byte).
 *
 * @param index the trial's position in its plan
 * @param candidate the configuration that trained
 * @param fold the split's position
 * @param trainSize rows trained on
 * @param validationSize rows validated on
 * @param seed the trial's seed
 * @param history the per-epoch record; null when the trial failed
 * @param error what the trial threw; null when it succeeded
 * @param fitSeconds wall time of the fit in seconds (not part of equality)
 * @param weights the trained model, when the job asked for it ({@link TrialJob#returnWeights()}); null otherwise
 */
public record TrialResult(int index, int candidate, int fold, int trainSize, int validationSize, long seed,
                          FitHistory history, TrialError error, double fitSeconds, byte[] weights)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks that exactly one of history and error is given, and that only a history comes with weights. */
    public TrialResult {
        if ((history == null) == (error == null)) {
            throw new IllegalArgumentException("A trial result holds either a history or an error, got "
                    + (history == null ? "neither" : "both") + " for trial " + index);
        }
        if (weights != null && error != null) {
            throw new IllegalArgumentException("Trial " + index + " failed, so it has no trained weights to carry");
        }
        weights = weights == null ? null : weights.clone();
    }

    /**
     * A result without weights.
     *
     * @param index the trial's position in its plan
     * @param candidate the configuration that trained
     * @param fold the split's position
     * @param trainSize rows trained on
     * @param validationSize rows validated on
     * @param seed the trial's seed
     * @param history the per-epoch record; null when the trial failed
     * @param error what the trial threw; null when it succeeded
     * @param fitSeconds wall time of the fit in seconds
     */
    public TrialResult(int index, int candidate, int fold, int trainSize, int validationSize, long seed,
                       FitHistory history, TrialError error, double fitSeconds) {
        this(index, candidate, fold, trainSize, validationSize, seed, history, error, fitSeconds, null);
    }

    /** {@return a copy of the trained model's bytes, or null when the job did not ask for them} */
    @Override
    public byte[] weights() {
        return weights == null ? null : weights.clone();
    }

    /**
     * {@return this result carrying the trained model}
     *
     * @param trained the model's bytes, or null for none
     */
    public TrialResult withWeights(byte[] trained) {
        return new TrialResult(index, candidate, fold, trainSize, validationSize, seed, history, error, fitSeconds,
                trained);
    }

    /**
     * An exception a trial threw, kept as text so it travels between JVMs whatever its class.
     *
     * @param type the exception's class name
     * @param message its message (may be empty, never null)
     */
    public record TrialError(String type, String message) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Replaces a null message with an empty one. */
        public TrialError {
            Objects.requireNonNull(type, "type");
            message = message == null ? "" : message;
        }

        @Override
        public String toString() {
            return message.isEmpty() ? type : type + ": " + message;
        }
    }

    /**
     * {@return a successful result}
     *
     * @param trial the trial that ran
     * @param history what it recorded
     * @param fitSeconds how long it took
     */
    public static TrialResult of(Trial trial, FitHistory history, double fitSeconds) {
        Objects.requireNonNull(history, "history");
        return new TrialResult(trial.index(), trial.candidate(), trial.fold().fold(), trial.fold().trainSize(),
                trial.fold().validationSize(), trial.fold().seed(), history, null, fitSeconds);
    }

    /**
     * {@return a failed result}
     *
     * @param trial the trial that ran
     * @param thrown what it threw
     * @param fitSeconds how long it ran before it threw
     */
    public static TrialResult ofError(Trial trial, Throwable thrown, double fitSeconds) {
        return ofError(trial, thrown.getClass().getName(), thrown.getMessage(), fitSeconds);
    }

    /**
     * {@return a failed result}
     *
     * @param trial the trial that ran
     * @param type the error's class name
     * @param message the error's message
     * @param fitSeconds how long it ran
     */
    public static TrialResult ofError(Trial trial, String type, String message, double fitSeconds) {
        return new TrialResult(trial.index(), trial.candidate(), trial.fold().fold(), trial.fold().trainSize(),
                trial.fold().validationSize(), trial.fold().seed(), null, new TrialError(type, message), fitSeconds);
    }

    /** {@return whether the trial recorded a history} */
    public boolean ok() {
        return error == null;
    }

    /** {@return whether the trial threw} */
    public boolean failed() {
        return error != null;
    }

    /**
     * {@return this trial as one fold of a cross-validation}
     *
     * @throws dev.nn.api.NnException when the trial failed, with its error
     */
    public FoldResult toFoldResult() {
        if (failed()) {
            throw new dev.nn.api.NnException("Trial " + index + " (candidate " + candidate + ", fold " + fold
                    + ") failed: " + error + ". Fix the cause, or read failed trials from the runner's results");
        }
        return new FoldResult(fold, trainSize, validationSize, seed, history, Math.round(fitSeconds * 1e9));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrialResult r && r.index == index && r.candidate == candidate && r.fold == fold
                && r.trainSize == trainSize && r.validationSize == validationSize && r.seed == seed
                && Objects.equals(r.history, history) && Objects.equals(r.error, error)
                && Arrays.equals(r.weights, weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, candidate, fold, trainSize, validationSize, seed, history, error)
                + 31 * Arrays.hashCode(weights);
    }
}
