package dev.nn.validate;

import java.util.Locale;
import java.util.Objects;

/**
 * How a model was trained, so that {@link FitDiagnosis} can give advice that fits it: no "use Adam" to someone
 * using Adam, no "reduce dropout" without dropout, a learning rate to lower that names the one in use.
 *
 * @param optimizer the optimizer's name, e.g. {@code sgd}, {@code adam}, {@code adamw} (stored lower-case)
 * @param learningRate the initial learning rate
 * @param momentum SGD's momentum factor (0 = none; ignored for other optimizers)
 * @param weightDecay the L2 or decoupled weight decay, 0 = none
 * @param dropout the drop probability of the dropout layers, 0 = none
 * @param normalization the normalization layers, e.g. {@code batch}, {@code layer}, {@code group} or
 *     {@code none} (stored lower-case)
 * @param schedule the learning-rate schedule, e.g. {@code none}, {@code cosine}, {@code step}, {@code plateau}
 *     (stored lower-case)
 */
public record TrainingSetup(String optimizer, double learningRate, double momentum, double weightDecay,
                            double dropout, String normalization, String schedule) {
    /** Lower-cases the names and checks the numbers. */
    public TrainingSetup {
        optimizer = Objects.requireNonNull(optimizer, "optimizer").toLowerCase(Locale.ROOT);
        normalization = Objects.requireNonNull(normalization, "normalization").toLowerCase(Locale.ROOT);
        schedule = Objects.requireNonNull(schedule, "schedule").toLowerCase(Locale.ROOT);
        if (Double.isNaN(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a number, got NaN");
        }
        if (!(momentum >= 0) || !(weightDecay >= 0) || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("momentum and weight decay must be >= 0 and dropout in [0, 1), got "
                    + "momentum " + momentum + ", weight decay " + weightDecay + ", dropout " + dropout);
        }
    }

    /** {@return whether the optimizer adapts its step per parameter (Adam, AdamW)} */
    public boolean adaptive() {
        return optimizer.startsWith("adam");
    }

    /** {@return whether it is plain SGD without momentum} */
    public boolean plainSgd() {
        return optimizer.equals("sgd") && momentum == 0;
    }

    /** {@return whether a normalization layer is used} */
    public boolean normalized() {
        return !normalization.equals("none");
    }

    /** {@return whether a learning-rate schedule is used} */
    public boolean scheduled() {
        return !schedule.equals("none");
    }

    /** @return the learning rates this optimizer usually trains well at, in words */
    String usualLearningRates() {
        return adaptive() ? "1e-4 to 3e-3" : "0.01 to 0.1";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s lr %s%s%s%s, norm %s, schedule %s", optimizer,
                FitDiagnosis.number(learningRate), optimizer.equals("sgd") ? " momentum " + momentum : "",
                weightDecay > 0 ? ", weight decay " + FitDiagnosis.number(weightDecay) : "",
                dropout > 0 ? ", dropout " + dropout : "", normalization, schedule);
    }
}
