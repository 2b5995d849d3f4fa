package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * d2l.ai's model-complexity experiment (y = 5 + 1.2x - 3.4x^2/2! + 5.6x^3/3! + N(0, 0.1^2), features x^i/i!),
 * trained by mini-batch gradient descent: nn-core {@code Linear} without bias (the x^0 column is the bias, as in
 * d2l), SGD with momentum 0.9, lr 0.01, batch 10, nn-core's {@code MSELoss}. Every configuration is repeated on
 * 5 independent random draws of its training set from one pool (ShuffleSplit), each validated on 100 fresh
 * samples, so a verdict does not hang on one lucky draw. The reachable loss is the noise variance 0.01.
 */
class PolynomialModelSelectionTest {
    private static final Backend BACKEND = Backends.select("scalar");
    private static final PolynomialData POOL = PolynomialData.generate(1000, new SplittableRandom(2026));

    static NetworkFitter fitter(int degree, int epochs) {
        return fitter(POOL, degree, epochs);
    }

    static NetworkFitter fitter(PolynomialData data, int degree, int epochs) {
        return data.fitter(degree, epochs, BACKEND);
    }

    private static CrossValidationResult repeatedHoldOut(int degree, int nTrain, int epochs) {
        return CrossValidation.builder()
                .setSplitter(new ShuffleSplit(5, SizeSpec.count(100), SizeSpec.count(nTrain), 7))
                .setFitter(fitter(degree, epochs)).optSeed(3).optParallelism(2).build().run(Samples.of(1000));
    }

    private static FitDiagnosis rules() {
        return FitDiagnosis.builder().optTargetLoss(PolynomialData.NOISE_VARIANCE).build();
    }

    /** Diagnoses {@link #repeatedHoldOut} runs, prints them, and checks the verdict. */
    private static FitDiagnosis.Diagnosis diagnose(int degree, int nTrain, int epochs,
                                                   FitDiagnosis.Verdict expected) {
        CrossValidationResult r = repeatedHoldOut(degree, nTrain, epochs);
        FitDiagnosis.Diagnosis d = rules().diagnose(r);
        System.out.println("degree " + degree + ", " + nTrain + " training samples:\n" + r + "\n" + d.report());
        assertEquals(expected, d.verdict(), d.report());
        return d;
    }

    @Test
    void validationCurveAndGridSearchOverTheDegreeChooseThree() {
        PolynomialData small = PolynomialData.generate(60, new SplittableRandom(99));
        List<ValidationCurve.Point<Integer>> curve = new ValidationCurve<Integer>(new KFold(4, true, 1L),
                degree -> fitter(small, degree, 300), 17, 2).run(List.of(1, 2, 3), Samples.of(60));
        curve.forEach(p -> System.out.printf("degree %d: train %.4g, validation %.4g%n", p.value(), p.trainLoss(),
                p.validationLoss()));
        assertTrue(curve.get(0).validationLoss() > curve.get(1).validationLoss()
                && curve.get(1).validationLoss() > curve.get(2).validationLoss());
        GridSearch.Result<Integer> search = new GridSearch<Integer>(List.of(1, 2, 3), d -> fitter(small, d, 300),
                new KFold(4, true, 1L), FitHistory.VAL_LOSS, false, 17, 2).run(Samples.of(60), Folds.range(60));
        assertEquals(3, search.best());
        assertEquals(curve.get(2).result().estimate(FitHistory.VAL_LOSS), search.bestScore(),
                "same splits and seeds give the same scores");
        assertTrue(search.refit().last(FitHistory.LOSS) < 3 * PolynomialData.NOISE_VARIANCE, search.refit().toString());
    }

    @Test
    void degreeOneUnderfits() {
        FitDiagnosis.Diagnosis d = diagnose(1, 100, 400, FitDiagnosis.Verdict.UNDERFITTING);
        assertTrue(d.evidence().get("train_over_target") > 30, d.report());
    }

    @Test
    void degreeThreeFits() {
        FitDiagnosis.Diagnosis d = diagnose(3, 100, 400, FitDiagnosis.Verdict.GOOD_FIT);
        assertTrue(d.evidence().get("train_over_target") < 3 && d.evidence().get("gap_ratio") < 2, d.report());
    }

    @Test
    void degreeTwentyOnTwentySamplesOverfits() {
        FitDiagnosis.Diagnosis d = diagnose(20, 20, 1000, FitDiagnosis.Verdict.OVERFITTING);
        assertTrue(d.evidence().get("gap_ratio") > 2, d.report());
    }
}
