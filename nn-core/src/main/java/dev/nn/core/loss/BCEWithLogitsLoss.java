package dev.nn.core.loss;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.Locale;

/**
 * Binary cross-entropy on logits, PyTorch's {@code BCEWithLogitsLoss(reduction, pos_weight)}: per element
 * {@code -[p t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))]}, computed in the stable form
 * {@code (1 - t) x + (1 + (p - 1) t) (log(1 + exp(-|x|)) + max(-x, 0))}, so logits of any size give finite losses.
 * Targets are probabilities in [0, 1] of the prediction's shape; the optional {@code pos_weight} has one value per
 * class along the last dimension (or a single value) and weighs positive examples (&gt; 1 raises recall).
 */
public final class BCEWithLogitsLoss implements Loss {
    private final Reduction reduction;
    private final Tensor posWeight;
    private final TensorSlot losses = new TensorSlot();
    private final TensorSlot gradientSlot = new TensorSlot();
    private final TensorSlot value = new TensorSlot();
    private Tensor gradient;

    /** Mean reduction, no positive weight (PyTorch's defaults). */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN, null);
    }

    /**
     * Binary cross-entropy on logits.
     *
     * @param reduction mean or sum over all elements
     */
    public BCEWithLogitsLoss(Reduction reduction) {
        this(reduction, null);
    }

    /**
     * Binary cross-entropy on logits, with weights for the positive examples.
     *
     * @param reduction mean or sum over all elements
     * @param posWeight rank-1 weights of positive examples, one per class of the last dimension (or one for all),
     *                  on the prediction's backend; null for none
     */
    public BCEWithLogitsLoss(Reduction reduction, Tensor posWeight) {
        if (reduction == null) {
            throw new IllegalArgumentException("BCEWithLogitsLoss needs a reduction (MEAN or SUM), got null");
        }
        if (posWeight != null && (posWeight.shape().rank() != 1 || posWeight.size() == 0)) {
            throw new ShapeException("BCEWithLogitsLoss pos_weight must be a non-empty 1-D tensor (one weight per "
                    + "class), got shape " + posWeight.shape());
        }
        this.reduction = reduction;
        this.posWeight = posWeight;
    }

    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        if (!logits.shape().equals(target.shape())) {
            throw new ShapeException("BCEWithLogitsLoss: target size " + target.shape()
                    + " must be the same as input size " + logits.shape()
                    + "; give one probability per logit (for one output per sample use shape (N, 1) for both)");
        }
        int n = logits.size();
        if (n == 0) {
            throw new ShapeException("BCEWithLogitsLoss got an empty input " + logits.shape()
                    + "; the mean of no values is undefined");
        }
        int period = 1;
        if (posWeight != null) {
            int last = logits.shape().rank() == 0 ? 1 : logits.shape().dim(-1);
            period = posWeight.size();
            if (period != last && period != 1) {
                throw new ShapeException("BCEWithLogitsLoss pos_weight has " + period + " values but the input "
                        + logits.shape() + " has " + last + " classes in its last dimension; give one weight per "
                        + "class (or a single weight)");
            }
        }
        Backend b = logits.backend();
        Tensor perElement = losses.get(b, logits.shape());
        Tensor grad = gradientSlot.get(b, logits.shape());
        b.binaryCrossEntropyWithLogits(perElement, grad, logits, target, posWeight, n, period);
        Tensor loss = value.get(b, Shape.of());
        b.sumInto(loss, 0, perElement, reduction == Reduction.MEAN ? n : 1);
        if (reduction == Reduction.MEAN) {
            b.scale(grad, grad, (float) (1.0 / n));
        }
        gradient = grad;
        return loss;
    }

    @Override
    public Tensor backward() {
        if (gradient == null) {
            throw new IllegalStateException("BCEWithLogitsLoss.backward() called before forward()");
        }
        Tensor g = gradient;
        gradient = null;
        return g;
    }

    @Override
    public String toString() {
        return "BCEWithLogitsLoss(reduction=" + reduction.name().toLowerCase(Locale.ROOT)
                + (posWeight == null ? "" : ", pos_weight=" + posWeight.shape()) + ")";
    }

    @Override
    public void release() {
        losses.free();
        gradientSlot.free();
        value.free();
    }
}
