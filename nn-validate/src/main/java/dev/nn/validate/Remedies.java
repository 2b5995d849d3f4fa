package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The "try:" lines of a {@link FitDiagnosis}, fitted to the {@link TrainingSetup} when it is known: the learning
 * rate to lower is the one in use, momentum or Adam is suggested only to those without it, regularization is
 * lowered only where there is some and added only where there is none. Without a setup the advice is generic.
 */
final class Remedies {
    private final TrainingSetup setup;

    /** @param setup the run's configuration, or null when unknown */
    Remedies(TrainingSetup setup) {
        this.setup = setup;
    }

    /** @param nonFinite whether a loss became NaN/infinite (rather than huge) */
    List<String> diverged(boolean nonFinite) {
        if (setup == null) {
            List<String> out = new ArrayList<>(List.of("lower the learning rate (e.g. by 10x)",
                    "standardize the inputs", "clip gradients"));
            if (nonFinite) {
                out.add("check the loss for log(0) or division by 0");
            }
            return out;
        }
        List<String> out = new ArrayList<>();
        double lr = setup.learningRate();
        if (!Double.isFinite(lr)) {
            out.add("use a finite learning rate (now " + FitDiagnosis.number(lr) + ")" + usual());
        } else {
            out.add("lower the learning rate 10-100x (now " + FitDiagnosis.number(lr) + ")" + usual());
        }
        if (setup.optimizer().equals("sgd")) {
            out.add("use Adam instead of SGD: its step per weight is bounded by the learning rate, whatever the "
                    + "gradient");
        }
        out.add("clip gradients (a global norm of 1 to 5)");
        if (!setup.normalized()) {
            out.add("add normalization layers (batch or layer norm) to keep activations in range");
        }
        if (nonFinite) {
            out.add("check the inputs and the loss for NaN/Inf, log(0) or division by 0");
        }
        return out;
    }

    List<String> oscillating() {
        if (setup == null) {
            return List.of("lower the learning rate", "use a larger batch or a learning-rate schedule",
                    "standardize the inputs");
        }
        List<String> out = new ArrayList<>();
        out.add("lower the learning rate 3-10x (now " + FitDiagnosis.number(setup.learningRate()) + ")");
        out.add(setup.scheduled() ? "use a larger batch" : "use a learning-rate schedule (cosine or step) so the "
                + "steps shrink as training goes on, or a larger batch");
        if (!setup.normalized()) {
            out.add("add normalization layers (batch or layer norm)");
        }
        return out;
    }

    /**
     * @param interrupted whether the user stopped the run
     * @param epochs epochs that ran
     * @param planned epochs asked for, 0 when unknown
     * @param minEpochs the fewest epochs that can be judged
     */
    List<String> tooShort(boolean interrupted, int epochs, int planned, int minEpochs) {
        List<String> out = new ArrayList<>();
        if (interrupted) {
            out.add(planned > 0 ? "let the run finish: it stopped after " + epochs + " of " + planned + " epochs"
                    : "run again without interrupting");
        } else if (epochs == 0) {
            out.add("run again and let at least one epoch finish; use fewer samples for a quick look");
        } else {
            out.add("train longer: at least " + minEpochs + " epochs, better 2-4 times as many as now (" + epochs
                    + "), then judge the fit from the shape of the curves");
        }
        return out;
    }

    List<String> stillLearning() {
        if (setup == null) {
            return List.of("train longer (more epochs)", "raise the learning rate or use momentum / Adam",
                    "use a learning-rate schedule");
        }
        List<String> out = new ArrayList<>();
        out.add("train longer (more epochs)");
        String lr = FitDiagnosis.number(setup.learningRate());
        if (setup.plainSgd()) {
            out.add("use momentum (e.g. 0.9) or Adam: plain SGD takes many epochs");
        } else if (setup.optimizer().equals("sgd")) {
            out.add("raise the learning rate (now " + lr + ")" + usual() + ", or try Adam");
        } else if (setup.adaptive()) {
            out.add("raise the learning rate a little (now " + lr + ", e.g. 2-3x)" + usual());
        } else {
            out.add("raise the learning rate (now " + lr + ")");
        }
        switch (setup.schedule()) {
            case "none" -> out.add("use a learning-rate schedule (e.g. cosine over the longer run)");
            case "cosine", "step" -> out.add("the " + setup.schedule() + " schedule lowers the rate with the epochs:"
                    + " give it more epochs rather than a higher rate");
            default -> {
            }
        }
        return out;
    }

    List<String> underfitting() {
        if (setup == null) {
            return List.of("use a bigger model: more features (higher degree), wider or deeper layers",
                    "train longer and check the learning rate",
                    "reduce regularization (weight decay, dropout) if any");
        }
        List<String> out = new ArrayList<>();
        out.add("use a bigger model: more features (higher degree), wider or deeper layers");
        out.add("train longer and check the learning rate (now " + FitDiagnosis.number(setup.learningRate()) + ")"
                + usual());
        if (setup.weightDecay() > 0) {
            out.add("lower the weight decay (now " + FitDiagnosis.number(setup.weightDecay()) + ")");
        }
        if (setup.dropout() > 0) {
            out.add("lower the dropout (now " + setup.dropout() + ")");
        }
        if (setup.plainSgd()) {
            out.add("use momentum (e.g. 0.9) or Adam");
        }
        return out;
    }

    /** @param bestEpoch the epoch of the lowest validation loss, -1 when it does not matter */
    List<String> overfitting(int bestEpoch) {
        String stop = "early stopping with best-weights restore" + (bestEpoch >= 0 ? " (best epoch " + bestEpoch + ")"
                : "");
        String smaller = "use a smaller model (fewer features / lower degree, fewer units)";
        if (setup == null) {
            return List.of("get more training data", "regularize: weight decay (L2), dropout, data augmentation", stop,
                    smaller);
        }
        List<String> out = new ArrayList<>();
        out.add("get more training data, or augment it");
        if (setup.weightDecay() == 0) {
            out.add("add weight decay, e.g. 1e-4" + (setup.optimizer().equals("adam")
                    ? " (with Adam, AdamW's decoupled decay regularizes better than L2)" : ""));
        } else {
            out.add("raise the weight decay (now " + FitDiagnosis.number(setup.weightDecay()) + ", e.g. 3-10x)");
        }
        if (setup.dropout() == 0) {
            out.add("add dropout (e.g. 0.2-0.5)");
        } else if (setup.dropout() < 0.5) {
            out.add("raise the dropout (now " + setup.dropout() + ")");
        }
        out.add(stop);
        out.add(smaller);
        return out;
    }

    List<String> foldsDisagree() {
        return List.of("use more data or RepeatedKFold",
                "shuffle or stratify the folds; split by group if samples are related",
                "look for outliers in the worst fold");
    }

    /** @param borderline whether the gap is close to the over-fitting threshold */
    List<String> goodFit(boolean borderline) {
        List<String> out = new ArrayList<>();
        out.add("keep this configuration; confirm once on the untouched test set");
        if (borderline) {
            out.add("watch the gap: keep early stopping on the validation loss" + (setup != null
                    && setup.weightDecay() == 0 ? ", and a little weight decay (e.g. 1e-4) would widen the margin"
                    : ""));
        }
        return out;
    }

    // "; adam usually trains at 1e-4 to 3e-3", or nothing for an optimizer without a known range
    private String usual() {
        if (setup.adaptive() || setup.optimizer().equals("sgd")) {
            return "; " + setup.optimizer() + " usually trains at " + setup.usualLearningRates();
        }
        return "";
    }
}
