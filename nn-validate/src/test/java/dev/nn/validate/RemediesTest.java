package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The advice follows the setup: each line appears exactly when the configuration calls for it. */
class RemediesTest {
    private static final Remedies GENERIC = new Remedies(null);

    private static Remedies with(String optimizer, double lr, double momentum, double weightDecay, double dropout,
                                 String norm, String schedule) {
        return new Remedies(new TrainingSetup(optimizer, lr, momentum, weightDecay, dropout, norm, schedule));
    }

    @Test
    void divergenceAdviceChecksTheLossOnlyWhenItWasNotFinite() {
        assertEquals(List.of("lower the learning rate (e.g. by 10x)", "standardize the inputs", "clip gradients",
                "check the loss for log(0) or division by 0"), GENERIC.diverged(true));
        assertEquals(List.of("lower the learning rate (e.g. by 10x)", "standardize the inputs", "clip gradients"),
                GENERIC.diverged(false));
        assertEquals(List.of("lower the learning rate 10-100x (now 0.001); adam usually trains at 1e-4 to 3e-3",
                "clip gradients (a global norm of 1 to 5)",
                "add normalization layers (batch or layer norm) to keep activations in range",
                "check the inputs and the loss for NaN/Inf, log(0) or division by 0"),
                with("adam", 1e-3, 0, 0, 0, "none", "none").diverged(true));
        assertEquals(List.of("use a finite learning rate (now Infinity); sgd usually trains at 0.01 to 0.1",
                "use Adam instead of SGD: its step per weight is bounded by the learning rate, whatever the gradient",
                "clip gradients (a global norm of 1 to 5)"),
                with("sgd", Double.POSITIVE_INFINITY, 0.9, 0, 0, "batch", "none").diverged(false));
    }

    @Test
    void oscillationAdviceNamesTheRateAndWhatIsMissing() {
        assertEquals(List.of("lower the learning rate", "use a larger batch or a learning-rate schedule",
                "standardize the inputs"), GENERIC.oscillating());
        assertEquals(List.of("lower the learning rate 3-10x (now 0.1)", "use a larger batch"),
                with("sgd", 0.1, 0.9, 0, 0, "layer", "cosine").oscillating());
        assertEquals(List.of("lower the learning rate 3-10x (now 0.1)", "use a learning-rate schedule (cosine or step) "
                + "so the steps shrink as training goes on, or a larger batch",
                "add normalization layers (batch or layer norm)"),
                with("sgd", 0.1, 0.9, 0, 0, "none", "none").oscillating());
    }

    @Test
    void overfittingAdviceRaisesOrAddsRegularization() {
        List<String> halfDropout = with("sgd", 0.1, 0.9, 1e-4, 0.5, "batch", "none").overfitting(0);
        assertEquals(List.of("get more training data, or augment it", "raise the weight decay (now 1e-04, e.g. 3-10x)",
                "early stopping with best-weights restore (best epoch 0)",
                "use a smaller model (fewer features / lower degree, fewer units)"), halfDropout);
        assertTrue(with("adamw", 1e-3, 0, 0, 0.49, "batch", "none").overfitting(-1)
                .contains("raise the dropout (now 0.49)"));
        assertEquals("add weight decay, e.g. 1e-4", with("sgd", 0.1, 0.9, 0, 0, "batch", "none").overfitting(-1)
                .get(1));
        assertEquals(List.of("use more data or RepeatedKFold",
                "shuffle or stratify the folds; split by group if samples are related",
                "look for outliers in the worst fold"), GENERIC.foldsDisagree());
    }

    @Test
    void underfittingAdviceLowersOnlyTheRegularizationInUse() {
        List<String> bare = with("sgd", 0.1, 0.9, 0, 0, "batch", "none").underfitting();
        assertEquals(List.of("use a bigger model: more features (higher degree), wider or deeper layers",
                "train longer and check the learning rate (now 0.1); sgd usually trains at 0.01 to 0.1"), bare);
        List<String> plain = with("sgd", 0.1, 0, 0, 0, "batch", "none").underfitting();
        assertEquals("use momentum (e.g. 0.9) or Adam", plain.getLast());
        assertFalse(with("lbfgs", 1, 0, 0, 0, "batch", "none").underfitting().getLast().contains(";"),
                "no usual range is claimed for an optimizer without one");
    }

    @Test
    void aShortRunIsToldHowToFinish() {
        assertEquals(List.of("run again without interrupting"), GENERIC.tooShort(true, 2, 0, 5));
        assertEquals(List.of("let the run finish: it stopped after 2 of 1 epochs"), GENERIC.tooShort(true, 2, 1, 5));
        assertEquals(List.of("train longer: at least 5 epochs, better 2-4 times as many as now (2), then judge the fit "
                + "from the shape of the curves"), GENERIC.tooShort(false, 2, 0, 5));
    }

    @Test
    void aBorderlineFitSuggestsWeightDecayOnlyWithoutIt() {
        assertEquals(List.of("keep this configuration; confirm once on the untouched test set",
                "watch the gap: keep early stopping on the validation loss, and a little weight decay (e.g. 1e-4) "
                        + "would widen the margin"), with("adam", 1e-3, 0, 0, 0, "batch", "none").goodFit(true));
        assertEquals("watch the gap: keep early stopping on the validation loss",
                with("adam", 1e-3, 0, 1e-4, 0, "batch", "none").goodFit(true).getLast());
        assertEquals("watch the gap: keep early stopping on the validation loss", GENERIC.goodFit(true).getLast());
        assertEquals(1, GENERIC.goodFit(false).size());
    }

    @Test
    void aSetupDescribesItself() {
        TrainingSetup sgd = new TrainingSetup("SGD", 0.1, 0.9, 1e-4, 0.2, "Batch", "Cosine");
        assertEquals("sgd lr 0.1 momentum 0.9, weight decay 1e-04, dropout 0.2, norm batch, schedule cosine",
                sgd.toString());
        TrainingSetup adam = new TrainingSetup("adam", 1e-3, 0, 0, 0, "none", "none");
        assertEquals("adam lr 0.001, norm none, schedule none", adam.toString());
        assertTrue(sgd.normalized());
        assertTrue(sgd.scheduled());
        assertFalse(adam.normalized());
        assertFalse(adam.scheduled());
    }
}
