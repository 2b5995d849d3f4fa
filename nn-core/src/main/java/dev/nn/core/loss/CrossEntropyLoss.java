package dev.nn.core.loss;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;

/**
 * Softmax cross-entropy with class-index targets, PyTorch's {@code CrossEntropyLoss(reduction, label_smoothing)}:
 * logits {@code (N, C)}, targets {@code (N)} holding class indices as floats.
 */
public final class CrossEntropyLoss implements Loss {
    private final Reduction reduction;
    private final float labelSmoothing;
    private final TensorSlot losses = new TensorSlot();
    private final TensorSlot gradientSlot = new TensorSlot();
    private final TensorSlot value = new TensorSlot();
    private Tensor gradient;
    private int rows;

    /** Mean reduction, no label smoothing (PyTorch's defaults). */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f);
    }

    /**
     * Cross-entropy with the given reduction and label smoothing.
     *
     * @param reduction mean or sum over the batch
     * @param labelSmoothing in [0, 1]: the target becomes {@code (1 - s) onehot + s / C}
     */
    public CrossEntropyLoss(Reduction reduction, float labelSmoothing) {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        if (logits.shape().rank() != 2) {
            throw new ShapeException("CrossEntropyLoss expects logits of shape (N, C), got " + logits.shape()
                    + "; flatten the model output first");
        }
        rows = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        if (target.size() != rows) {
            throw new ShapeException("CrossEntropyLoss got " + rows + " rows of logits but " + target.size()
                    + " targets; pass one class index per row");
        }
        Backend b = logits.backend();
        // the kernel rejects a target that is not a class index: it reads the targets anyway
        Tensor perRow = losses.get(b, Shape.of(rows));
        gradient = gradientSlot.get(b, logits.shape());
        b.softmaxCrossEntropy(perRow, gradient, logits, target, rows, classes, labelSmoothing);
        Tensor loss = value.get(b, Shape.of());
        b.sumInto(loss, 0, perRow, reduction == Reduction.MEAN ? rows : 1);
        return loss;
    }

    @Override
    public Tensor backward() {
        if (gradient == null) {
            throw new IllegalStateException("CrossEntropyLoss.backward() called before forward()");
        }
        if (reduction == Reduction.MEAN) {
            gradient.backend().scale(gradient, gradient, 1f / rows);
        }
        Tensor g = gradient;
        gradient = null;
        return g;
    }

    @Override
    public void release() {
        losses.free();
        gradientSlot.free();
        value.free();
    }
}
