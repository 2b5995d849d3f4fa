package dev.nn.core.optim;

import dev.nn.api.layer.Parameter;
import java.util.List;

/**
 * Adam exactly as PyTorch's {@code torch.optim.Adam} (Kingma and Ba, 2015), without amsgrad: bias-corrected first and
 * second moments; weight decay is the classic L2 penalty added to the gradient (coupled). For decoupled decay use
 * {@link AdamW}.
 * Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.
 */
public final class Adam extends AdamOptimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LR = 1e-3;
    /** PyTorch's default first-moment decay. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default second-moment decay. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default denominator term. */
    public static final double DEFAULT_EPS = 1e-8;
    /** PyTorch's default weight decay for this optimizer. */
    public static final double DEFAULT_WEIGHT_DECAY = 0;

    /**
     * With every PyTorch default.
     *
     * @param parameters what to update
     */
    public Adam(List<Parameter> parameters) {
        this(parameters, DEFAULT_LR);
    }

    /**
     * Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, no weight decay).
     *
     * @param parameters what to update
     * @param lr learning rate; other settings default
     */
    public Adam(List<Parameter> parameters, double lr) {
        this(parameters, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * Adam with every setting given.
     *
     * @param parameters what to update
     * @param lr learning rate, >= 0
     * @param beta1 first-moment decay in [0, 1)
     * @param beta2 second-moment decay in [0, 1)
     * @param eps added to the denominator, >= 0
     * @param weightDecay >= 0; default 0 (Adam's weight decay is an L2 term added to the gradient)
     */
    public Adam(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("Adam", parameters, lr, beta1, beta2, eps, weightDecay, false);
    }
}
