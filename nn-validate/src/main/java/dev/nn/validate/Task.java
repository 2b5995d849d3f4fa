package dev.nn.validate;

/** What the targets are, which decides their tensor shape and the metric recorded besides the loss. */
public enum Task {
    /** One real target per sample, shape {@code (N, 1)}; records {@code mse}/{@code val_mse}. */
    REGRESSION,
    /** One class index per sample, shape {@code (N)}; records {@code accuracy}/{@code val_accuracy}. */
    CLASSIFICATION
}
