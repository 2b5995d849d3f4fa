package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.Sequential;
import dev.nn.core.layer.Tanh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The seed's demonstration: in a deep tanh MLP (10 x Linear(100, 100) with N(0, 1) weights, standardized input)
 * most values entering tanh are saturated (|x| > 2, where tanh' < 0.071) from the first layer on; with BatchNorm
 * between each Linear and tanh they stay near N(0, 1), where P(|x| > 2) = 4.55%. Numbers come from the report.
 */
class TanhSaturationTest {
    private static final int DEPTH = 10;
    private static final int WIDTH = 100;
    private static final int BATCH = 500;

    private static List<Linear> linears(RandomGenerator rng, int depth) {
        List<Linear> out = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Linear l = new Linear(Fixtures.SCALAR, WIDTH, WIDTH, rng);
            l.namedParameters().get("weight").set(Fixtures.normal(rng, WIDTH * WIDTH, 0, 1));
            l.namedParameters().get("bias").set(new float[WIDTH]);
            out.add(l);
        }
        return out;
    }

    /** Linear -> [BatchNorm] -> tanh blocks, named linear1, bn1, tanh1, ... as a Sequential's children. */
    private static Sequential network(List<Linear> linears, List<BatchNorm> norms) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (int i = 0; i < linears.size(); i++) {
            layers.put("linear" + (i + 1), linears.get(i));
            if (norms != null) {
                layers.put("bn" + (i + 1), norms.get(i));
            }
            layers.put("tanh" + (i + 1), new Tanh());
        }
        return new Sequential(layers);
    }

    /** Runs one batch through the network, recording the values entering each tanh. */
    private static ActivationReport run(List<Linear> linears, List<BatchNorm> norms, Tensor x, Mode mode) {
        ActivationReport report = new ActivationReport();
        report.trace(network(linears, norms).children(), x, mode);
        return report;
    }

    @Test
    void batchNormKeepsTanhOutOfSaturation() {
        RandomGenerator rng = Fixtures.random(2015);
        List<Linear> linears = linears(rng, DEPTH);
        Tensor x = Fixtures.tensor(Fixtures.normal(rng, BATCH * WIDTH, 0, 1), BATCH, WIDTH);

        ActivationReport plain = run(linears, null, x, Mode.TRAIN);
        List<BatchNorm> norms = new ArrayList<>();
        for (int i = 0; i < DEPTH; i++) {
            norms.add(BatchNorm.batchNorm1d(WIDTH).build(Fixtures.SCALAR));
        }
        ActivationReport withBn = run(linears, norms, x, Mode.TRAIN);

        System.out.println("without BatchNorm:\n" + plain.toCsv() + "with BatchNorm:\n" + withBn.toCsv());
        assertEquals(DEPTH, plain.entries().size());
        assertEquals("linear1", plain.entries().getFirst().layer());
        assertEquals("bn10", withBn.entries().getLast().layer());
        assertEquals("tanh10", withBn.entries().getLast().activation());
        for (int i = 0; i < DEPTH; i++) {
            PreActivationSummary p = plain.entries().get(i).summary();
            PreActivationSummary b = withBn.entries().get(i).summary();
            // Var(w.x) = 100 * E[h^2]: std 10 at layer 1, ~9 deeper (tanh outputs near +-1): P(|x| > 2) ~ 0.83
            assertTrue(p.saturatedFraction() > 0.7, "layer " + (i + 1) + " without BN: " + p);
            assertTrue(p.std() > 5, "layer " + (i + 1) + " without BN: " + p);
            // standardized per unit: std 1, and P(|z| > 2) = 0.0455 for a normal; tails of tanh-fed sums are lighter
            assertTrue(b.saturatedFraction() < 0.08, "layer " + (i + 1) + " with BN: " + b);
            assertEquals(1.0, b.std(), 0.01, "layer " + (i + 1) + " with BN: " + b);
            assertEquals(0.0, b.mean(), 1e-4, "layer " + (i + 1) + " with BN: " + b);
        }
    }

    @Test
    void runningStatisticsConvergeToTheBatchStatistics() {
        RandomGenerator rng = Fixtures.random(2016);
        int depth = 3;
        int batch = 200;
        List<Linear> linears = linears(rng, depth);
        List<BatchNorm> norms = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            norms.add(BatchNorm.batchNorm1d(WIDTH).build(Fixtures.SCALAR));
        }
        ActivationReport first = run(linears, norms, Fixtures.randn(rng, batch, WIDTH), Mode.TRAIN);
        for (int step = 0; step < 30; step++) {
            run(linears, norms, Fixtures.randn(rng, batch, WIDTH), Mode.TRAIN);
        }
        ActivationReport settled = run(linears, norms, Fixtures.randn(rng, batch, WIDTH), Mode.TRAIN);
        StatisticsDrift early = first.entries().get(depth - 1).drift().orElseThrow();
        StatisticsDrift late = settled.entries().get(depth - 1).drift().orElseThrow();
        System.out.println("drift of bn3 after 1 batch: " + early + "\nafter 32 batches: " + late);
        // after one batch running_var = 0.9 * 1 + 0.1 * ~90: log ratio ~2.2; 32 batches leave 0.9^31 < 4% of the
        // initial value, and batch noise of the variance is ~sqrt(2 / 200) = 0.1
        assertTrue(early.meanAbsLogVarRatio() > 1.0, early.toString());
        assertTrue(late.meanAbsLogVarRatio() < 0.25, late.toString());
        assertTrue(late.meanShift() < 0.25, late.toString());
        assertTrue(settled.toJson().contains("\"drift\": {\"mean_shift\": "), settled.toJson());
    }
}
