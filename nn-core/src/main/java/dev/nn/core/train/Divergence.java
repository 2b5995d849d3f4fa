package dev.nn.core.train;

import java.util.List;
import java.util.Locale;

/**
 * Where a run diverged, as {@link NonFiniteGuard} found it: the first step whose loss was NaN or infinite, and the
 * layers holding non-finite values when it looked (once, right after the record that showed the loss, on the
 * host). The layers are in forward order, so {@link #layer()} is the earliest one hit; the parameters are those
 * after the failing step's update, which usually spreads NaN into every layer the gradient reached.
 *
 * @param epoch 1-based epoch of the failing step
 * @param batch 1-based batch of that epoch whose loss was first non-finite; 0 when it was the validation loss
 * @param batches batches per epoch
 * @param step 1-based step of the run: {@code (epoch - 1) * batches + batch} (the epoch's last step for validation)
 * @param phase {@code training} or {@code validation}
 * @param loss the non-finite loss seen
 * @param layer the first layer holding non-finite values, e.g. {@code layer 1 (Linear)}; empty when every
 *     parameter, buffer and probed activation was finite
 * @param findings per layer, in forward order, what is non-finite there, e.g.
 *     {@code layer 1 (Linear): weight 5488 of 12544 values}
 */
public record Divergence(int epoch, int batch, int batches, long step, String phase, double loss, String layer,
                         List<String> findings) {
    /** Copies the findings. */
    public Divergence {
        findings = List.copyOf(findings);
    }

    /** {@return one sentence: what became non-finite, at which step, and where the non-finite values are} */
    public String describe() {
        String when = batch > 0
                ? String.format(Locale.ROOT, "at step %d (epoch %d, batch %d of %d)", step, epoch, batch, batches)
                : String.format(Locale.ROOT, "after epoch %d (step %d)", epoch, step);
        String where = layer.isEmpty() ? "; every parameter and buffer was still finite"
                : "; the first non-finite values are in " + findings.getFirst();
        return "the " + phase + " loss became " + loss + " " + when + where;
    }
}
