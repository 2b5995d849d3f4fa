package dev.nn.core.optim;

import dev.nn.api.layer.Parameter;
import java.util.List;

/** Updates parameters from their accumulated gradients. */
public interface Optimizer {
    /** Applies one update to every parameter. */
    void step();

    /** {@return the parameters it updates} */
    List<Parameter> parameters();

    /** Zeroes every gradient before the next backward pass. */
    default void zeroGrad() {
        parameters().forEach(Parameter::zeroGrad);
    }

    /** {@return the current learning rate} */
    double learningRate();

    /**
     * Changes the learning rate.
     *
     * @param lr the learning rate to use from the next step on (schedules call this)
     */
    void setLearningRate(double lr);
}
