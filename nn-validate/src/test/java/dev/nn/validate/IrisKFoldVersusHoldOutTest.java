package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * K-fold against hold-out on Iris (150 rows) with a small MLP (4-8-3, ReLU, cross-entropy, SGD with momentum):
 * one hold-out split gives one number whose value depends on the split's seed; 5-fold CV uses every row once for
 * validation and reports its spread and a t-interval. Folds run in parallel give exactly the sequential result.
 */
class IrisKFoldVersusHoldOutTest {
    private static final Backend BACKEND = Backends.select("scalar");
    private static final Iris IRIS = new Iris();

    private static NetworkFitter fitter() {
        return NetworkFitter.builder().setData(IRIS.x, IRIS.y).setBackend(BACKEND).optTask(Task.CLASSIFICATION)
                .setModel((b, in, r) -> new Sequential(new Linear(b, in, 8, r), new ReLU(), new Linear(b, 8, 3, r)))
                .setLoss(CrossEntropyLoss::new).setOptimizer(p -> new Sgd(p, 0.05, 0.9, 0, 0, false))
                .optEpochs(40).optBatchSize(16).build();
    }

    private static CrossValidationResult kfold(int parallelism) {
        return CrossValidation.builder().setSplitter(new StratifiedKFold(5, true, 42L)).setFitter(fitter())
                .optSeed(1).optParallelism(parallelism)
                .optChecks(SplitChecks.builder().optFeatures(IRIS.x).optBatches(16, false, false).build())
                .build().run(Samples.labeled(IRIS.labels));
    }

    @Test
    void kfoldReportsItsSpreadAndParallelFoldsReproduceTheSequentialRun() {
        CrossValidationResult sequential = kfold(1);
        CrossValidationResult parallel = kfold(3);
        assertEquals(sequential.folds(), parallel.folds(), "parallel folds must equal sequential folds exactly");
        Estimate acc = sequential.estimate("val_accuracy");
        System.out.println("Iris 5-fold:\n" + sequential);
        assertEquals(5, acc.n());
        assertTrue(acc.mean() > 0.85, acc.toString());
        assertTrue(acc.std() > 0 && acc.low() < acc.mean() && acc.mean() < acc.high(), acc.toString());
        // every row is validated exactly once
        int[] seen = new int[150];
        for (Split s : new StratifiedKFold(5, true, 42L).split(Samples.labeled(IRIS.labels)).splits()) {
            Arrays.stream(s.test()).forEach(i -> seen[i]++);
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1));

        double[] holdOuts = new double[8];
        for (int seed = 0; seed < holdOuts.length; seed++) {
            HoldOutSplit h = HoldOut.builder().optTestSize(SizeSpec.fraction(0.2)).optShuffle(true).optSeed(seed)
                    .optStratify(true).build().split(Samples.labeled(IRIS.labels));
            holdOuts[seed] = fitter().fit(new FoldContext(0, h.train(), h.test(), 1000 + seed)).last("val_accuracy");
        }
        Estimate spreadOfHoldOuts = Estimate.of(holdOuts);
        System.out.println("Iris single 80/20 hold-outs, 8 seeds: " + Arrays.toString(holdOuts) + " -> "
                + spreadOfHoldOuts + "; 5-fold: " + acc + ", standard error " + acc.std() / Math.sqrt(acc.n()));
        assertNotEquals(Arrays.stream(holdOuts).min().orElseThrow(), Arrays.stream(holdOuts).max().orElseThrow(),
                "single hold-out estimates depend on the split");
        assertTrue(spreadOfHoldOuts.mean() >= acc.low() - 0.05 && spreadOfHoldOuts.mean() <= acc.high() + 0.05,
                "hold-out average " + spreadOfHoldOuts + " should agree with the K-fold interval " + acc);
    }

    @Test
    void unshuffledHoldOutOnSortedIrisIsTheValidationSplitTrap() {
        Samples iris = Samples.labeled(IRIS.labels);
        HoldOutSplit fifth = HoldOut.builder().optTestSize(SizeSpec.fraction(0.2)).build().split(iris);
        List<SplitChecks.Finding> warned = SplitChecks.builder().build().check(iris, fifth);
        assertTrue(warned.stream().anyMatch(f -> f.code().equals("sorted_tail")
                && f.severity() == SplitChecks.Severity.WARNING && f.message().contains("only class(es) [2]")
                && f.message().contains("optShuffle(true)")), warned.toString());

        // 0.34 * 150 = 51.00000000000001 in float64, so scikit-learn's ceil takes 52 rows
        HoldOutSplit third = HoldOut.builder().optTestSize(SizeSpec.fraction(0.34)).build().split(iris);
        List<SplitChecks.Finding> findings = SplitChecks.builder().build().check(iris, third);
        assertTrue(findings.stream().anyMatch(f -> f.code().equals("sorted_tail")
                && f.severity() == SplitChecks.Severity.ERROR && f.message().contains("[2] never seen in training")),
                findings.toString());
        SplitException e = assertThrows(SplitException.class, () -> SplitChecks.throwOnErrors(findings));
        assertTrue(e.getMessage().contains("last 52 rows") && e.getMessage().contains("class(es) [2] never occur in "
                + "the training part"), e.getMessage());

        HoldOutSplit shuffled = HoldOut.builder().optTestSize(SizeSpec.fraction(0.34)).optShuffle(true).optSeed(3)
                .optStratify(true).build().split(iris);
        assertEquals(List.of(), SplitChecks.builder().build().check(iris, shuffled));
    }
}
