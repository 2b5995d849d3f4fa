package dev.nn.core.optim;

import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.TrainingState;

/** How many parameters an optimizer's saved state covers: saved with its buffers, checked before they are loaded. */
final class ParameterCount {
    private static final String ENTRY = "parameters";

    private ParameterCount() {
    }

    static void save(TrainingState state, int count) {
        state.putLong(ENTRY, count);
    }

    /**
     * @param optimizer the optimizer's name for the message, e.g. {@code SGD}
     * @throws CheckpointException when the state was saved for another number of parameters
     */
    static void check(TrainingState state, int count, String optimizer) {
        long saved = state.getLong(ENTRY);
        if (saved != count) {
            throw new CheckpointException("The saved " + optimizer + " state covers " + saved + " parameters, this "
                    + "optimizer " + count + "; resume with the model the run was started with");
        }
    }
}
