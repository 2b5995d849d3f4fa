package dev.nn.core.optim;

import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent exactly as PyTorch's {@code torch.optim.SGD}: coupled weight decay, momentum whose
 * buffer starts as the first gradient, dampening, Nesterov. Its state (learning rate, momentum buffers, whether the
 * first step was taken) saves and loads for resuming a run.
 */
public final class Sgd implements Optimizer, Stateful {
    private final List<Parameter> parameters;
    private final List<Tensor> buffers;
    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;
    private double lr;
    private boolean first = true;

    /**
     * Plain SGD: no momentum, no weight decay.
     *
     * @param parameters what to update
     * @param lr learning rate
     */
    public Sgd(List<Parameter> parameters, double lr) {
        this(parameters, lr, 0, 0, 0, false);
    }

    /**
     * SGD with every setting given.
     *
     * @param parameters what to update
     * @param lr learning rate
     * @param momentum momentum factor (0 = none)
     * @param dampening dampening for momentum
     * @param weightDecay L2 penalty added to the gradient
     * @param nesterov Nesterov momentum (needs momentum > 0 and dampening 0, as in PyTorch)
     */
    public Sgd(List<Parameter> parameters, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr + " (must be >= 0)");
        }
        if (!(momentum >= 0)) {
            throw new IllegalArgumentException("Invalid momentum value: " + momentum + " (must be >= 0)");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay + " (must be >= 0)");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening, got "
                    + "momentum=" + momentum + ", dampening=" + dampening);
        }
        this.parameters = List.copyOf(parameters);
        this.lr = lr;
        this.momentum = (float) momentum;
        this.dampening = (float) dampening;
        this.weightDecay = (float) weightDecay;
        this.nesterov = nesterov;
        this.buffers = new ArrayList<>();
        for (Parameter p : this.parameters) {
            buffers.add(momentum != 0 ? p.value().backend().zeros(p.value().shape()) : null);
        }
    }

    @Override
    public void step() {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            p.value().backend().sgdStep(p.value(), buffers.get(i), p.grad(), (float) lr, momentum, dampening,
                    weightDecay, nesterov, first);
        }
        first = false;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    /** {@return the momentum factor (0 = none)} */
    public double momentum() {
        return momentum;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    @Override
    public void saveState(TrainingState state) {
        ParameterCount.save(state, parameters.size());
        state.putDouble("lr", lr);
        state.putBoolean("first_step", first);
        for (int i = 0; i < buffers.size(); i++) {
            if (buffers.get(i) != null) {
                state.putTensor("momentum_buffer." + i, buffers.get(i));
            }
        }
    }

    @Override
    public void loadState(TrainingState state) {
        ParameterCount.check(state, parameters.size(), "SGD");
        double savedLr = state.getDouble("lr");
        boolean savedFirst = state.getBoolean("first_step");
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < buffers.size(); i++) {
            values.add(buffers.get(i) == null ? null : state.array("momentum_buffer." + i, buffers.get(i).shape()));
        }
        for (int i = 0; i < buffers.size(); i++) {   // written only once everything was found
            if (buffers.get(i) != null) {
                buffers.get(i).backend().write(buffers.get(i), values.get(i));
            }
        }
        lr = savedLr;
        first = savedFirst;
    }
}
