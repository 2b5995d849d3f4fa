package dev.nn.regularize;

import dev.nn.api.PythonFloats;

/** The range check every dropout layer shares, with PyTorch's message. */
final class DropoutProbability {
    private DropoutProbability() {
    }

    /**
     * @param p a drop probability
     * @param layer the layer kind, for the message
     * @return p
     * @throws IllegalArgumentException when p is outside [0, 1] or NaN
     */
    static double require(double p, String layer) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got "
                    + PythonFloats.repr(p) + " (" + layer + ": p is the probability of DROPPING a unit; use e.g. "
                    + "0.5, or 0.0 to disable)");
        }
        return p;
    }
}
