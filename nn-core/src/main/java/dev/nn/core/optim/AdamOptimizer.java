package dev.nn.core.optim;

import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.util.ArrayList;
import java.util.List;

/**
 * The state and update shared by {@link Adam} and {@link AdamW}: per-parameter first and second moments and the
 * step count, advanced by the backend's fused {@code adamStep} kernel. The two differ only in their defaults and in
 * whether weight decay is coupled (an L2 term in the gradient) or decoupled. The state (learning rate, step count,
 * moments) saves and loads for resuming a run.
 */
abstract sealed class AdamOptimizer implements Optimizer, Stateful permits Adam, AdamW {
    private final List<Parameter> parameters;
    private final List<Tensor> firstMoments = new ArrayList<>();
    private final List<Tensor> secondMoments = new ArrayList<>();
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private double lr;
    private int step;

    AdamOptimizer(String name, List<Parameter> parameters, double lr, double beta1, double beta2, double eps,
               double weightDecay, boolean decoupled) {
        // Same checks and wording as torch.optim.Adam/AdamW.
        if (!(lr >= 0)) {
            throw new IllegalArgumentException(name + ": invalid learning rate: " + lr + " (must be >= 0)");
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException(name + ": invalid epsilon value: " + eps + " (must be >= 0)");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException(name + ": invalid beta parameter at index 0: " + beta1
                    + " (must be in [0, 1))");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(name + ": invalid beta parameter at index 1: " + beta2
                    + " (must be in [0, 1))");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException(name + ": invalid weight_decay value: " + weightDecay
                    + " (must be >= 0)");
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(name + " got an empty parameter list; pass model.namedParameters()"
                    + ".values() of a model that has parameters");
        }
        this.parameters = List.copyOf(parameters);
        this.lr = lr;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
        this.decoupled = decoupled;
        for (Parameter p : this.parameters) {
            firstMoments.add(p.value().backend().zeros(p.value().shape()));
            secondMoments.add(p.value().backend().zeros(p.value().shape()));
        }
    }

    @Override
    public final void step() {
        step++;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            p.value().backend().adamStep(p.value(), firstMoments.get(i), secondMoments.get(i), p.grad(), (float) lr,
                    beta1, beta2, eps, weightDecay, decoupled, step);
        }
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr + " (must be >= 0)");
        }
        this.lr = lr;
    }

    @Override
    public final void saveState(TrainingState state) {
        ParameterCount.save(state, parameters.size());
        state.putDouble("lr", lr);
        state.putLong("step", step);
        for (int i = 0; i < parameters.size(); i++) {
            state.putTensor("exp_avg." + i, firstMoments.get(i));
            state.putTensor("exp_avg_sq." + i, secondMoments.get(i));
        }
    }

    @Override
    public final void loadState(TrainingState state) {
        ParameterCount.check(state, parameters.size(), "Adam");
        double savedLr = state.getDouble("lr");
        int savedStep = state.getInt("step");
        List<float[]> first = new ArrayList<>();
        List<float[]> second = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            first.add(state.array("exp_avg." + i, firstMoments.get(i).shape()));
            second.add(state.array("exp_avg_sq." + i, secondMoments.get(i).shape()));
        }
        for (int i = 0; i < parameters.size(); i++) {   // written only once everything was found
            firstMoments.get(i).backend().write(firstMoments.get(i), first.get(i));
            secondMoments.get(i).backend().write(secondMoments.get(i), second.get(i));
        }
        lr = savedLr;
        step = savedStep;
    }

    /** {@return how many steps were taken (PyTorch's {@code state['step']})} */
    public final int stepCount() {
        return step;
    }
}
