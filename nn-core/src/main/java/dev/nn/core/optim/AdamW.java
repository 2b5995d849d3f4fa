package dev.nn.core.optim;

import dev.nn.api.layer.Parameter;
import java.util.List;

/**
 * AdamW exactly as PyTorch's {@code torch.optim.AdamW} (Loshchilov and Hutter, 2019), without amsgrad: Adam whose
 * weight decay shrinks the parameters directly ({@code p *= 1 - lr * weight_decay}) instead of entering the
 * moments.
 * Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2.
 */
public final class AdamW extends AdamOptimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LR = 1e-3;
    /** PyTorch's default first-moment decay. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default second-moment decay. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default denominator term. */
    public static final double DEFAULT_EPS = 1e-8;
    /** PyTorch's default weight decay for this optimizer. */
    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    /**
     * With every PyTorch default.
     *
     * @param parameters what to update
     */
    public AdamW(List<Parameter> parameters) {
        this(parameters, DEFAULT_LR);
    }

    /**
     * AdamW with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, weight decay 1e-2).
     *
     * @param parameters what to update
     * @param lr learning rate; other settings default
     */
    public AdamW(List<Parameter> parameters, double lr) {
        this(parameters, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * AdamW with every setting given.
     *
     * @param parameters what to update
     * @param lr learning rate, >= 0
     * @param beta1 first-moment decay in [0, 1)
     * @param beta2 second-moment decay in [0, 1)
     * @param eps added to the denominator, >= 0
     * @param weightDecay >= 0; default 1e-2 (decoupled: {@code p *= 1 - lr * weight_decay} before the Adam update)
     */
    public AdamW(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("AdamW", parameters, lr, beta1, beta2, eps, weightDecay, true);
    }
}
