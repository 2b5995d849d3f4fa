package dev.nn.core.layer;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A residual connection, {@code y = body(x) + shortcut(x)}, the building block of ResNets: the shortcut is the
 * identity, or a layer (typically a 1x1 {@link Conv2d} with a stride, "downsample") when the body changes the
 * shape. Backward sends the output gradient through both branches and adds the two input gradients. Apply the
 * block's final nonlinearity after it, e.g. {@code new Sequential(new Residual(body), new ReLU())}. Children are
 * named {@code body} and {@code shortcut}, so parameters appear as {@code body.0.weight}, {@code shortcut.weight}.
 */
public final class Residual implements Layer {
    private final Layer body;
    private final Layer shortcut;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGrad = new TensorSlot();

    /**
     * A residual block with an identity shortcut.
     *
     * @param body the residual branch; its output must have the input's shape
     */
    public Residual(Layer body) {
        this(body, null);
    }

    /**
     * A residual block with a projection shortcut.
     *
     * @param body the residual branch
     * @param shortcut the projection applied to the input on the skip path, or null for the identity; its output
     *                 must have the body's output shape
     */
    public Residual(Layer body, Layer shortcut) {
        if (body == null) {
            throw new IllegalArgumentException("Residual needs a body layer; for a pure skip use no layer at all");
        }
        this.body = body;
        this.shortcut = shortcut;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor main = body.forward(x, mode);
        Tensor skip = shortcut == null ? x : shortcut.forward(x, mode);
        if (!main.shape().equals(skip.shape())) {
            throw new ShapeException("Residual: the body maps input " + x.shape() + " to " + main.shape()
                    + " but the " + (shortcut == null ? "identity shortcut keeps " + skip.shape()
                    : "shortcut " + shortcut + " gives " + skip.shape())
                    + "; both branches must give the same shape (give the shortcut a 1x1 Conv2d with the body's "
                    + "stride and out_channels)");
        }
        Tensor y = output.get(x.backend(), main.shape());
        x.backend().add(y, main, skip);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor throughBody = body.backward(gradOutput);
        Tensor throughSkip = shortcut == null ? gradOutput : shortcut.backward(gradOutput);
        if (!throughBody.shape().equals(throughSkip.shape())) {
            throw new ShapeException("Residual.backward(): the body's input gradient " + throughBody.shape()
                    + " and the shortcut's " + throughSkip.shape() + " differ; was backward called with the "
                    + "gradient of the last output?");
        }
        Tensor dx = inputGrad.get(gradOutput.backend(), throughBody.shape());
        gradOutput.backend().add(dx, throughBody, throughSkip);
        return dx;
    }

    @Override
    public Map<String, Layer> children() {
        Map<String, Layer> children = new LinkedHashMap<>();
        children.put("body", body);
        if (shortcut != null) {
            children.put("shortcut", shortcut);
        }
        return children;
    }

    /** {@return the residual branch} */
    public Layer body() {
        return body;
    }

    /** {@return the skip-path layer, or null for the identity} */
    public Layer shortcut() {
        return shortcut;
    }

    @Override
    public String toString() {
        return "Residual(\n  (body): " + body.toString().replace("\n", "\n  ") + "\n  (shortcut): "
                + (shortcut == null ? "Identity()" : shortcut.toString().replace("\n", "\n  ")) + "\n)";
    }

    @Override
    public void release() {
        Layer.super.release();
        output.free();
        inputGrad.free();
    }
}
