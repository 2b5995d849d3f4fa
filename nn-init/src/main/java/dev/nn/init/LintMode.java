package dev.nn.init;

/** What {@link InitLint} does with its findings. */
public enum LintMode {
    /** Do not check. */
    OFF,
    /** Log each finding as a warning and return them (the default). */
    WARN,
    /** Throw {@link InitLintException} when there is any finding. */
    STRICT
}
