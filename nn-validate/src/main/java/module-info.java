/**
 * Honest validation for nn: hold-out and K-fold splits with scikit-learn's exact indices, split sanity checks
 * (missing classes, group and sample leakage, sorted-tail validation, tiny last batches), the cross-validation
 * runner, learning and validation curves, grid search (nested too), early stopping with best-weights restore, fit
 * diagnosis (under/over/good fit with the evidence and the remedy) and metrics. Trials run on a runner chosen by
 * name (the built-in {@code local} thread pool, or a plugin's).
 *
 * @uses dev.nn.validate.trial.TrialRunnerProvider
 * @provides dev.nn.validate.trial.TrialRunnerProvider
 */
module dev.nn.validate {
    requires transitive dev.nn.api;
    requires transitive dev.nn.core;

    exports dev.nn.validate;
    exports dev.nn.validate.trial;

    uses dev.nn.validate.trial.TrialRunnerProvider;
    provides dev.nn.validate.trial.TrialRunnerProvider with dev.nn.validate.internal.LocalTrialRunnerProvider;
}
