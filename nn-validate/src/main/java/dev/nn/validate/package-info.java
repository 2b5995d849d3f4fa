/**
 * Validation of trained models, scikit-learn and Keras semantics.
 *
 * <p>Splits: {@link dev.nn.validate.HoldOut} (train/validation/test), {@link dev.nn.validate.KFold},
 * {@link dev.nn.validate.StratifiedKFold}, {@link dev.nn.validate.GroupKFold},
 * {@link dev.nn.validate.StratifiedGroupKFold}, {@link dev.nn.validate.RepeatedKFold},
 * {@link dev.nn.validate.TimeSeriesSplit}, {@link dev.nn.validate.LeaveOneOut}; unshuffled indices are identical to
 * scikit-learn 1.2's. {@link dev.nn.validate.SplitChecks} finds the classic split mistakes.
 * {@link dev.nn.validate.CrossValidation} runs a {@link dev.nn.validate.FoldFitter} per fold (optionally in
 * parallel with identical results), {@link dev.nn.validate.LearningCurve}, {@link dev.nn.validate.ValidationCurve}
 * and {@link dev.nn.validate.GridSearch} build on it, {@link dev.nn.validate.EarlyStopping} keeps the best
 * weights and {@link dev.nn.validate.FitDiagnosis} turns the numbers into a verdict a person can act on.
 */
package dev.nn.validate;
