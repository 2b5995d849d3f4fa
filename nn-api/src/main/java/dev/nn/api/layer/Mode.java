package dev.nn.api.layer;

/** Train or eval, exactly as PyTorch's {@code train()}/{@code eval()}: it switches BatchNorm and dropout. */
public enum Mode {
    /** Batch statistics, running-statistics updates, active dropout. */
    TRAIN,
    /** Running statistics, dropout is the identity. */
    EVAL
}
