package dev.nn.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.core.state.TrainingState;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** StepLR, CosineAnnealingLR and ReduceLROnPlateau against the rates PyTorch 1.13 produced (base lr 0.1). */
class SchedulerTest {
    private static final Backend B = Backends.select("scalar");

    private static Sgd optimizer() {
        return new Sgd(List.of(new Parameter("w", ParameterRole.WEIGHT, B.zeros(Shape.of(1)))), 0.1);
    }

    private static void checkEpochScheduler(String name, Function<Optimizer, EpochScheduler> make) {
        Map<String, Object> c = TorchOptimFixture.find("schedules", name);
        double[] lrs = TorchOptimFixture.doubles(c.get("lrs"));
        Sgd opt = optimizer();
        EpochScheduler s = make.apply(opt);
        assertEquals(lrs[0], s.lastLr(), 0.0, name + " epoch 0");
        for (int e = 1; e < lrs.length; e++) {
            s.step();
            assertEquals(e, s.lastEpoch());
            // same double formulas as PyTorch; only cos may differ in the last ulp between libms
            assertEquals(lrs[e], s.lastLr(), 1e-15, name + " epoch " + e);
        }
    }

    /** Stops after {@code k} epochs, saves optimizer and schedule, and goes on with fresh ones loaded from the state. */
    private static void checkResumedEpochScheduler(String name, int k, Function<Optimizer, EpochScheduler> make) {
        double[] lrs = TorchOptimFixture.doubles(TorchOptimFixture.find("schedules", name).get("lrs"));
        Sgd opt = optimizer();
        EpochScheduler s = make.apply(opt);
        for (int e = 1; e <= k; e++) {
            s.step();
        }
        TrainingState state = new TrainingState();
        opt.saveState(state.scope("optimizer"));
        s.saveState(state.scope("schedule"));
        Sgd resumedOpt = optimizer();
        EpochScheduler resumed = make.apply(resumedOpt);
        resumedOpt.loadState(state.scope("optimizer"));
        resumed.loadState(state.scope("schedule"));
        assertEquals(k, resumed.lastEpoch());
        for (int e = k + 1; e < lrs.length; e++) {
            resumed.step();
            assertEquals(lrs[e], resumed.lastLr(), 1e-15, name + " epoch " + e + " after resuming at " + k);
        }
    }

    @Test
    void resumedSchedulesGoOnAsPyTorchsUninterruptedOnes() {
        checkResumedEpochScheduler("cosine_5_0.001", 3, o -> new CosineAnnealingLR(o, 5, 0.001));
        checkResumedEpochScheduler("cosine_4_0", 4, o -> new CosineAnnealingLR(o, 4));
        checkResumedEpochScheduler("step_lr_3_0.5", 2, o -> new StepLR(o, 3, 0.5));
    }

    @Test
    void stepLrMatchesPyTorch() {
        checkEpochScheduler("step_lr_3_0.5", o -> new StepLR(o, 3, 0.5));
    }

    @Test
    void cosineAnnealingMatchesPyTorchAcrossTheCycleBottom() {
        checkEpochScheduler("cosine_5_0.001", o -> new CosineAnnealingLR(o, 5, 0.001));
        checkEpochScheduler("cosine_4_0", o -> new CosineAnnealingLR(o, 4));
    }

    private static void checkPlateau(String name, Function<Optimizer, ReduceLROnPlateau> make) {
        Map<String, Object> c = TorchOptimFixture.find("schedules", name);
        double[] lrs = TorchOptimFixture.doubles(c.get("lrs"));
        double[] metrics = TorchOptimFixture.doubles(c.get("metrics"));
        ReduceLROnPlateau s = make.apply(optimizer());
        for (int e = 0; e < metrics.length; e++) {
            s.step(metrics[e]);
            assertEquals(lrs[e + 1], s.lastLr(), 0.0, name + " after epoch " + (e + 1));
        }
    }

    @Test
    void plateauMinRelativeWithDefaults() {
        checkPlateau("plateau_min_rel", o -> ReduceLROnPlateau.builder(o).optPatience(2).build());
    }

    @Test
    void plateauMinAbsoluteWithCooldownAndFloor() {
        checkPlateau("plateau_min_abs_cooldown", o -> ReduceLROnPlateau.builder(o).optFactor(0.5).optPatience(1)
                .optThreshold(0.02, ReduceLROnPlateau.ThresholdMode.ABS).optCooldown(2).optMinLr(0.02).build());
    }

    @Test
    void plateauMaxModes() {
        checkPlateau("plateau_max_rel", o -> ReduceLROnPlateau.builder(o).optMode(ReduceLROnPlateau.Mode.MAX)
                .optFactor(0.3).optPatience(1).optThreshold(0.01, ReduceLROnPlateau.ThresholdMode.REL).build());
        checkPlateau("plateau_max_abs", o -> ReduceLROnPlateau.builder(o).optMode(ReduceLROnPlateau.Mode.MAX)
                .optFactor(0.5).optPatience(0).optThreshold(0.05, ReduceLROnPlateau.ThresholdMode.ABS)
                .optMinLr(0.03).build());
    }

    @Test
    void plateauCountsNanAsNoImprovement() {
        Sgd opt = optimizer();
        ReduceLROnPlateau s = ReduceLROnPlateau.builder(opt).optPatience(1).build();
        s.step(1.0);
        s.step(Double.NaN);
        assertEquals(1, s.badEpochs());
        s.step(Double.NaN);
        assertEquals(0.1 * 0.1, opt.learningRate(), 1e-18);
    }

    @Test
    void anImprovementMustBeatTheThresholdStrictly() {
        // PyTorch's is_better: min rel a < best * (1 - t), min abs a < best - t, max rel a > best * (1 + t),
        // max abs a > best + t; a metric exactly at the threshold is no improvement
        assertThresholdIsExclusive(ReduceLROnPlateau.Mode.MIN, ReduceLROnPlateau.ThresholdMode.REL, 5, 4.9);
        assertThresholdIsExclusive(ReduceLROnPlateau.Mode.MIN, ReduceLROnPlateau.ThresholdMode.ABS, 9.5, 9.4);
        assertThresholdIsExclusive(ReduceLROnPlateau.Mode.MAX, ReduceLROnPlateau.ThresholdMode.REL, 15, 15.1);
        assertThresholdIsExclusive(ReduceLROnPlateau.Mode.MAX, ReduceLROnPlateau.ThresholdMode.ABS, 10.5, 10.6);
    }

    private static void assertThresholdIsExclusive(ReduceLROnPlateau.Mode mode, ReduceLROnPlateau.ThresholdMode tm,
                                                   double atThreshold, double beyond) {
        String what = mode + " " + tm;
        ReduceLROnPlateau s = ReduceLROnPlateau.builder(optimizer()).optMode(mode).optThreshold(0.5, tm).build();
        assertTrue(Double.isInfinite(s.best()), what + ": nothing seen yet");
        s.step(10);
        assertEquals(10, s.best(), what);
        s.step(atThreshold);
        assertEquals(10, s.best(), what + ": " + atThreshold + " is not better");
        assertEquals(1, s.badEpochs(), what);
        s.step(beyond);
        assertEquals(beyond, s.best(), what + ": " + beyond + " is");
        assertEquals(0, s.badEpochs(), what);
        assertEquals(3, s.lastEpoch(), what);
    }

    @Test
    void aReductionSmallerThanEpsIsSkipped() {
        // PyTorch lowers only when old_lr - new_lr > eps: 0.1 - 0.05 = 0.05 is not > 0.05
        Sgd opt = optimizer();
        ReduceLROnPlateau s = ReduceLROnPlateau.builder(opt).optFactor(0.5).optPatience(0).optEps(0.05).build();
        s.step(1);
        s.step(2);
        assertEquals(0.1, opt.learningRate());
        ReduceLROnPlateau any = ReduceLROnPlateau.builder(opt).optFactor(0.5).optPatience(0).optEps(0).build();
        any.step(1);
        any.step(2);
        assertEquals(0.05, opt.learningRate());
    }

    @Test
    void cooldownFollowsEachReduction() {
        Sgd opt = optimizer();
        ReduceLROnPlateau s = ReduceLROnPlateau.builder(opt).optPatience(0).optCooldown(2).build();
        assertTrue(!s.inCooldown(), "no reduction yet");
        s.step(1);
        s.step(2);                      // bad epoch beyond patience 0: lowered, cooldown 2
        assertEquals(0.1 * 0.1, opt.learningRate(), 1e-18);
        assertTrue(s.inCooldown());
        s.step(3);
        assertTrue(s.inCooldown(), "one cooldown epoch left");
        s.step(4);
        assertTrue(!s.inCooldown());
        assertEquals(0.1 * 0.1, opt.learningRate(), 1e-18, "bad epochs in cooldown are not counted");
    }

    @Test
    void plateauPrintsItsSettings() {
        assertEquals("ReduceLROnPlateau(mode=min, factor=0.1, patience=10, threshold=1.0E-4 rel, cooldown=0, "
                + "min_lr=0.0)", ReduceLROnPlateau.builder(optimizer()).build().toString());
    }

    @Test
    void theEndsOfEachSettingsRange() {
        Sgd opt = optimizer();
        assertEquals(0.1, new StepLR(opt, 1, 0.5).lastLr(), "step_size 1 decays every epoch");
        CosineAnnealingLR cos = new CosineAnnealingLR(opt, 1, 0.01);
        cos.step();
        assertEquals(0.01, opt.learningRate(), 1e-15, "T_max 1 reaches eta_min after one epoch");
        cos.step();
        assertEquals(0.1, opt.learningRate(), 1e-15, "and climbs back to the base rate after the next");
        assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder(opt).optFactor(0));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder(opt).optEps(-1));
        var b = ReduceLROnPlateau.builder(opt);
        // zero threshold, cooldown, floor and eps are PyTorch-valid
        assertEquals("ReduceLROnPlateau(mode=min, factor=0.1, patience=10, threshold=0.0 abs, cooldown=0, "
                + "min_lr=0.0)", b.optThreshold(0, ReduceLROnPlateau.ThresholdMode.ABS).optCooldown(0).optMinLr(0)
                .optEps(0).build().toString());
    }

    @Test
    void rejectsBadSettings() {
        Sgd opt = optimizer();
        var e = assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 0));
        assertTrue(e.getMessage().contains("step_size must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(opt, 0));
        assertTrue(e.getMessage().contains("T_max must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder(opt).optFactor(1.0));
        assertTrue(e.getMessage().contains("factor must be in (0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder(opt).optPatience(-1));
        assertTrue(e.getMessage().contains("patience must be >= 0"), e.getMessage());
    }
}
