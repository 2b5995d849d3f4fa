package dev.nn.validate.trial;

/**
 * Hears of every finished trial, on the caller's side of a {@link TrialRunner} (the driver, for a cluster runner):
 * the hook for progress lines. Calls come one at a time, in finishing order, not plan order.
 */
@FunctionalInterface
public interface TrialListener {
    /**
     * Called once per trial that came back, successful or failed.
     *
     * @param result the trial's result
     * @param done trials finished so far, this one included
     * @param total trials in the job
     */
    void trialFinished(TrialResult result, int done, int total);

    /** {@return a listener that does nothing} */
    static TrialListener none() {
        return (result, done, total) -> {
        };
    }
}
