package dev.nn.core.optim;

import dev.nn.api.NnException;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import java.util.Collection;

/** Gradient clipping by the global L2 norm, PyTorch's {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every gradient by {@code maxNorm / (total + 1e-6)} when that factor is below 1, where {@code total} is
     * the L2 norm of all gradients together (as if concatenated). Gradients are left unchanged otherwise.
     *
     * @param parameters whose gradients to clip
     * @param maxNorm the largest allowed total norm, > 0
     * @param errorIfNonfinite throw when the total norm is NaN or infinite instead of scaling by it (PyTorch then
     *                         scales, turning every gradient into NaN)
     * @return the total norm before clipping
     * @throws NnException when {@code errorIfNonfinite} and the norm is not finite
     */
    public static double clipGradNorm(Collection<Parameter> parameters, double maxNorm, boolean errorIfNonfinite) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clip_grad_norm max_norm must be > 0, got " + maxNorm);
        }
        double sumOfSquares = 0;
        for (Parameter p : parameters) {
            sumOfSquares += p.grad().backend().sumOfSquares(p.grad());
        }
        // PyTorch computes the norm in the gradients' dtype (float32).
        float total = (float) Math.sqrt(sumOfSquares);
        if (errorIfNonfinite && !Float.isFinite(total)) {
            throw new NnException("The total norm of order 2 for gradients is " + total + ", so it cannot be "
                    + "clipped; find the NaN/Inf source (learning rate too high, log of 0, division by 0) or pass "
                    + "errorIfNonfinite=false to scale the gradients by the non-finite norm anyway");
        }
        float coefficient = (float) maxNorm / (total + 1e-6f);
        if (coefficient < 1f || Float.isNaN(coefficient)) {
            for (Parameter p : parameters) {
                Tensor g = p.grad();
                g.backend().scale(g, g, coefficient);
            }
        }
        return total;
    }

    /**
     * {@link #clipGradNorm(Collection, double, boolean)} without the non-finite check (PyTorch's default).
     *
     * @param parameters whose gradients to clip
     * @param maxNorm the largest allowed total norm
     * @return the total norm before clipping
     */
    public static double clipGradNorm(Collection<Parameter> parameters, double maxNorm) {
        return clipGradNorm(parameters, maxNorm, false);
    }
}
