package dev.nn.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit's tests can fail: it runs the kit on {@link FaultyBackend} through the JUnit launcher, once honest (every
 * test must pass) and once per deliberate fault (the tests meant to catch it must fail, the others must not).
 */
class KitCatchesFaultsTest {

    /** The kit on a faulty backend; one subclass per fault (nested, so that surefire does not run them itself). */
    abstract static class FaultyKit extends BackendTestKit {
        abstract FaultyBackend.Fault fault();

        @Override
        protected String providerName() {
            return "faulty";
        }

        @Override
        protected Backend createBackend(BackendConfig config) {
            return new FaultyBackend(fault(), config.threads());
        }
    }

    static final class Honest extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.NONE;
        }
    }

    static final class GemmOff extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.GEMM_OFF;
        }
    }

    static final class GemmDependsOnThreads extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.GEMM_DEPENDS_ON_THREADS;
        }
    }

    static final class SumDiffersBetweenRuns extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.SUM_DIFFERS_BETWEEN_RUNS;
        }
    }

    static final class SumInFloat extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.SUM_IN_FLOAT;
        }
    }

    static final class ArgmaxTakesTheLast extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.ARGMAX_TAKES_THE_LAST;
        }
    }

    static final class TanhDerivativeWrong extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.TANH_DERIVATIVE_WRONG;
        }
    }

    static final class BackwardOverwrites extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.BACKWARD_OVERWRITES;
        }
    }

    static final class DropoutWrongStream extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.DROPOUT_WRONG_STREAM;
        }
    }

    static final class NoNormKernels extends FaultyKit {
        @Override
        FaultyBackend.Fault fault() {
            return FaultyBackend.Fault.NO_NORM_KERNELS;
        }
    }

    /** The golden kit on a backend whose GEMM is off. */
    static final class GoldenGemmOff extends GoldenTestKit {
        @Override
        protected String providerName() {
            return "faulty";
        }

        @Override
        protected Backend createBackend(BackendConfig config) {
            return new FaultyBackend(FaultyBackend.Fault.GEMM_OFF, config.threads());
        }
    }

    /** What a launcher run did, per test: "method" or "method display-name" for invocations. */
    record Outcome(Set<String> passed, Set<String> failed, Set<String> aborted, List<String> abortReasons) {
        boolean failedIn(String method) {
            return failed.stream().anyMatch(t -> t.equals(method) || t.startsWith(method + " "));
        }

        boolean passedIn(String method) {
            return passed.stream().anyMatch(t -> t.equals(method) || t.startsWith(method + " "));
        }
    }

    /** Runs the kit class, or only the named kit methods, through a fresh launcher. */
    private static Outcome run(Class<?> kit, String... methods) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        if (methods.length == 0) {
            selectors.add(selectClass(kit));
        }
        for (String name : methods) {
            List<Method> found = Arrays.stream(BackendTestKit.class.getDeclaredMethods())
                    .filter(m -> m.getName().equals(name)).toList();
            assertEquals(1, found.size(), "kit method " + name);
            selectors.add(selectMethod(kit, found.get(0)));
        }
        var outcome = new Outcome(new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new ArrayList<>());
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (!id.isTest()) {
                            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                                outcome.failed().add("container " + id.getDisplayName() + ": "
                                        + result.getThrowable().map(Throwable::toString).orElse(""));
                            }
                            return;
                        }
                        String method = id.getSource().filter(MethodSource.class::isInstance)
                                .map(s -> ((MethodSource) s).getMethodName()).orElse("");
                        String name = method + " " + id.getDisplayName();
                        switch (result.getStatus()) {
                            case SUCCESSFUL -> outcome.passed().add(name);
                            case FAILED -> outcome.failed().add(name);
                            case ABORTED -> {
                                outcome.aborted().add(name);
                                outcome.abortReasons().add(result.getThrowable().map(Throwable::getMessage)
                                        .orElse(""));
                            }
                        }
                    }
                });
        return outcome;
    }

    private static void assertCaught(Outcome o, String... methods) {
        for (String m : methods) {
            assertTrue(o.failedIn(m), m + " must fail; failed: " + o.failed());
        }
    }

    private static void assertNotCaught(Outcome o, String... methods) {
        for (String m : methods) {
            assertTrue(o.passedIn(m), m + " must pass; passed: " + o.passed());
            assertFalse(o.failedIn(m), m + " must not fail; failed: " + o.failed());
        }
    }

    @Test
    void anHonestBackendPassesTheWholeKit() {
        Outcome o = run(Honest.class);
        assertEquals(Set.of(), o.failed(), "failures on an honest backend");
        assertEquals(Set.of(), o.aborted(), "skips on an honest backend");
        assertTrue(o.passed().size() > 250, "tests run: " + o.passed().size());
    }

    @Test
    void aWrongGemmValueIsCaught() {
        Outcome o = run(GemmOff.class, "gemmMatchesTheReferenceForOddShapes", "gemmKnownAnswers",
                "elementwiseKernelsMatchTheReference", "gemmDoesNotDependOnThreads");
        assertCaught(o, "gemmMatchesTheReferenceForOddShapes", "gemmKnownAnswers");
        assertNotCaught(o, "elementwiseKernelsMatchTheReference", "gemmDoesNotDependOnThreads");
    }

    @Test
    void resultsThatDependOnTheThreadCountAreCaught() {
        Outcome o = run(GemmDependsOnThreads.class, "gemmDoesNotDependOnThreads",
                "gemmMatchesTheReferenceForOddShapes");
        assertCaught(o, "gemmDoesNotDependOnThreads");
        assertNotCaught(o, "gemmMatchesTheReferenceForOddShapes");     // one ulp is within its tolerance
    }

    @Test
    void resultsThatDifferBetweenRunsAreCaught() {
        Outcome o = run(SumDiffersBetweenRuns.class, "reductionsAndOtherKernelsDoNotDependOnThreads");
        assertCaught(o, "reductionsAndOtherKernelsDoNotDependOnThreads");
    }

    @Test
    void float32AccumulationIsCaught() {
        Outcome o = run(SumInFloat.class, "reductionsAccumulateInDouble");
        assertCaught(o, "reductionsAccumulateInDouble");
    }

    @Test
    void theLastMaximumInsteadOfTheFirstIsCaught() {
        Outcome o = run(ArgmaxTakesTheLast.class, "argmaxAndCountCorrectTakeTheFirstMaximum",
                "argmaxAndCountCorrectKnownAnswers");
        assertCaught(o, "argmaxAndCountCorrectTakeTheFirstMaximum", "argmaxAndCountCorrectKnownAnswers");
    }

    @Test
    void aWrongDerivativeIsCaughtWithoutTheReference() {
        Outcome o = run(TanhDerivativeWrong.class, "activationKnownAnswers",
                "activationGradientsMatchFiniteDifferences");
        assertCaught(o, "activationKnownAnswers");
        Set<String> failedFiniteDifferences = o.failed().stream()
                .filter(t -> t.startsWith("activationGradientsMatchFiniteDifferences")).collect(Collectors.toSet());
        assertEquals(1, failedFiniteDifferences.size(), "only TANH fails: " + failedFiniteDifferences);
        assertTrue(failedFiniteDifferences.iterator().next().contains("TANH"), failedFiniteDifferences.toString());
    }

    @Test
    void aBackwardKernelThatOverwritesIsCaught() {
        Outcome o = run(BackwardOverwrites.class, "backwardKernelsAccumulate");
        assertCaught(o, "backwardKernelsAccumulate");
    }

    @Test
    void masksFromAnotherStreamAreCaught() {
        Outcome o = run(DropoutWrongStream.class, "dropoutDrawsTheContractsMasks",
                "keepMasksAreTheContractsAtAnyOffset", "normalNoiseFollowsTheContract",
                "penaltyKernelsMatchTheReference");
        assertCaught(o, "dropoutDrawsTheContractsMasks", "keepMasksAreTheContractsAtAnyOffset",
                "normalNoiseFollowsTheContract");
        assertNotCaught(o, "penaltyKernelsMatchTheReference");
    }

    @Test
    void aMissingKernelFamilySkipsItsTestsWithTheReason() {
        Outcome o = run(NoNormKernels.class, "batchNormChannelKernelsMatchTheReference",
                "optionalKernelFamiliesArePresentOrMissingClearly", "backwardKernelsAccumulate");
        assertEquals(Set.of(), o.failed());
        assertEquals(7, o.aborted().size(), "every size of the batch-norm test is skipped: " + o.aborted());
        assertTrue(o.abortReasons().stream().allMatch(r -> r.contains("NormKernels") && r.contains("faulty")),
                o.abortReasons().toString());
        assertNotCaught(o, "optionalKernelFamiliesArePresentOrMissingClearly", "backwardKernelsAccumulate");
    }

    @Test
    void theGoldenKitCatchesAWrongGemm() {
        Outcome o = run(GoldenGemmOff.class);
        assertTrue(o.failed().stream().anyMatch(t -> t.contains("linear__")), "linear cases fail: " + o.failed());
        assertTrue(o.passed().stream().anyMatch(t -> t.contains("activation__relu")), "others pass: " + o.passed());
        assertFalse(o.failed().stream().anyMatch(t -> t.contains("activation__")), "activations pass: " + o.failed());
    }
}
