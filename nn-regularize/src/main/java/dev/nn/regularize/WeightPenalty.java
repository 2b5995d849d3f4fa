package dev.nn.regularize;

import dev.nn.api.layer.Parameter;
import java.util.Map;

/**
 * A penalty {@code R(w)} added to the loss. Call {@link #addGradient} after the loss's backward pass and before the
 * optimizer step; report {@link #value} beside the loss. {@code addGradient} runs on the backend only;
 * {@code value} reads a sum back to the host (a synchronization on a device), so call it when reporting, not at
 * every step.
 */
public interface WeightPenalty {
    /**
     * {@return the penalty's value, with its coefficients (accumulated in double)}
     *
     * @param parameters named parameters, e.g. {@code model.namedParameters()}
     */
    double value(Map<String, Parameter> parameters);

    /**
     * Adds {@code dR/dw} to each parameter's gradient.
     *
     * @param parameters named parameters
     */
    void addGradient(Map<String, Parameter> parameters);
}
