package dev.nn.core.loss;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.Locale;

/**
 * Mean squared error, PyTorch's {@code MSELoss(reduction)}: the mean (or sum) over every element of
 * {@code (prediction - target)^2}; the gradient is {@code 2 (prediction - target)}, divided by the element count
 * for the mean. Prediction and target must have the same shape.
 */
public final class MSELoss implements Loss {
    private final Reduction reduction;
    private final TensorSlot difference = new TensorSlot();
    private final TensorSlot value = new TensorSlot();
    private Tensor gradient;

    /** Mean reduction (PyTorch's default). */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /**
     * Mean squared error with the given reduction.
     *
     * @param reduction mean or sum over all elements
     */
    public MSELoss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("MSELoss needs a reduction (MEAN or SUM), got null");
        }
        this.reduction = reduction;
    }

    @Override
    public Tensor forward(Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new ShapeException("MSELoss got prediction " + prediction.shape() + " and target "
                    + target.shape() + "; the shapes must be equal (PyTorch would broadcast them, which is almost "
                    + "always a bug), e.g. reshape the target to " + prediction.shape());
        }
        int n = prediction.size();
        if (n == 0) {
            throw new ShapeException("MSELoss got an empty prediction " + prediction.shape()
                    + "; the mean of no values is undefined");
        }
        Backend b = prediction.backend();
        Tensor diff = difference.get(b, prediction.shape());
        b.copy(diff, prediction);
        b.axpy(diff, -1f, target);
        Tensor loss = value.get(b, Shape.of());
        b.sumOfSquaresInto(loss, 0, diff, reduction == Reduction.MEAN ? n : 1);
        // d/dp of sum (p - t)^2 is 2 (p - t); the mean divides by the element count
        b.scale(diff, diff, reduction == Reduction.MEAN ? (float) (2.0 / n) : 2f);
        gradient = diff;
        return loss;
    }

    @Override
    public Tensor backward() {
        if (gradient == null) {
            throw new IllegalStateException("MSELoss.backward() called before forward()");
        }
        Tensor g = gradient;
        gradient = null;
        return g;
    }

    @Override
    public String toString() {
        return "MSELoss(reduction=" + reduction.name().toLowerCase(Locale.ROOT) + ")";
    }

    @Override
    public void release() {
        difference.free();
        value.free();
    }
}
