package dev.nn.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.nn.validate.FoldContext;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialListener;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The trial-runner kit's tests can fail: it runs the kit through the JUnit launcher on runners that break one
 * promise each, and the tests meant to catch that break must fail.
 */
class TrialKitCatchesFaultsTest {
    /** A runner that breaks a promise on top of the sequential local one. */
    private abstract static class Faulty implements TrialRunner {
        final LocalTrialRunner local = LocalTrialRunner.sequential();

        @Override
        public String name() {
            return "faulty";
        }

        @Override
        public void close() {
        }
    }

    /** Gives the results back in reverse. */
    static final class Reversing extends TrialRunnerContract {
        @Override
        protected TrialRunner open() {
            return new Faulty() {
                @Override
                public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
                    List<TrialResult> out = new ArrayList<>(local.run(job, listener, stop));
                    Collections.reverse(out);
                    return out;
                }
            };
        }
    }

    /** Seeds each trial from its slot in the schedule instead of its own seed. */
    static final class SeedingBySlot extends TrialRunnerContract {
        @Override
        protected TrialRunner open() {
            return new Faulty() {
                @Override
                public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
                    List<Trial> reseeded = new ArrayList<>();
                    for (Trial t : job.trials()) {
                        FoldContext f = t.fold();
                        reseeded.add(new Trial(t.index(), t.candidate(), new FoldContext(f.fold(), f.train(),
                                f.validation(), reseeded.size())));
                    }
                    return local.run(new TrialJob(reseeded, job.data(), job.works(), 1), listener, stop);
                }
            };
        }
    }

    /** Lets a trial's exception end the run. */
    static final class Throwing extends TrialRunnerContract {
        @Override
        protected TrialRunner open() {
            return new Faulty() {
                @Override
                public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
                    List<TrialResult> out = new ArrayList<>();
                    for (Trial t : job.trials()) {
                        if (stop.getAsBoolean()) {
                            break;
                        }
                        out.add(TrialResult.of(t, job.workOf(t).fit(t.fold(), job.data(), stop), 0));
                        listener.trialFinished(out.getLast(), out.size(), job.trials().size());
                    }
                    return out;
                }
            };
        }
    }

    /** Runs every trial whatever the stop request says. */
    static final class IgnoringStop extends TrialRunnerContract {
        @Override
        protected TrialRunner open() {
            return new Faulty() {
                @Override
                public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
                    return local.run(job, listener, () -> false);
                }
            };
        }
    }

    /** Trains as asked but never sends the trained weights back. */
    static final class DroppingWeights extends TrialRunnerContract {
        @Override
        protected TrialRunner open() {
            return new Faulty() {
                @Override
                public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
                    return local.run(new TrialJob(job.trials(), job.data(), job.works(), job.threadsPerTrial()),
                            listener, stop);
                }
            };
        }
    }

    /** @return the kit's failed test methods on that subclass */
    private static Set<String> failures(Class<? extends TrialRunnerContract> kit) {
        Set<String> failed = new TreeSet<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit))
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failed.add(id.getSource().filter(MethodSource.class::isInstance)
                                    .map(s -> ((MethodSource) s).getMethodName()).orElse(id.getDisplayName()));
                        }
                    }
                });
        return failed;
    }

    @Test
    void eachBrokenPromiseIsCaughtByTheTestsAboutIt() {
        String weights = "weightsComeBackOnRequestAsTheSequentialRunTrainedThem";
        assertEquals(Set.of("aTrialThatThrowsComesBackAsData", "aTrialsResultDependsOnItsSeedNotItsScheduleSlot",
                "everyCandidateTrainsItsOwnWork", "resultsComeInTrialOrderWhateverOrderTheyFinishIn",
                "sameTrialsGiveTheSequentialResults", weights), failures(Reversing.class));
        assertEquals(Set.of("aStopDuringTheRunLeavesTheUnstartedTrialsOut",
                "aTrialsResultDependsOnItsSeedNotItsScheduleSlot", "everyCandidateTrainsItsOwnWork",
                "resultsComeInTrialOrderWhateverOrderTheyFinishIn", "sameTrialsGiveTheSequentialResults", weights),
                failures(SeedingBySlot.class));
        assertEquals(Set.of("aTrialThatThrowsComesBackAsData", weights), failures(Throwing.class));
        assertEquals(Set.of(weights), failures(DroppingWeights.class));
        assertEquals(Set.of("aStopBeforeTheRunRunsNoTrial", "aStopDuringTheRunLeavesTheUnstartedTrialsOut"),
                failures(IgnoringStop.class));
    }
}
