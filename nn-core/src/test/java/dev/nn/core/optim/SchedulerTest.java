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
