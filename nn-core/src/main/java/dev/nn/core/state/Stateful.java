package dev.nn.core.state;

/**
 * A part of a training run whose state a resumed run needs back, as PyTorch's {@code state_dict()} and
 * {@code load_state_dict()}: optimizers (momentum buffers, moments, step count), learning-rate schedules, and
 * callbacks that remember earlier epochs (best value so far, epochs without improvement, best weights).
 */
public interface Stateful {
    /**
     * Writes everything a resumed run needs into its own scope of the state.
     *
     * @param state where to write; names are local to this part
     */
    void saveState(TrainingState state);

    /**
     * Takes back what {@link #saveState} wrote, on an object built with the same settings.
     *
     * @param state the scope {@link #saveState} wrote to
     * @throws CheckpointException naming the entry when something is missing or does not fit
     */
    void loadState(TrainingState state);
}
