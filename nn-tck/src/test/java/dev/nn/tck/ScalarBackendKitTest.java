package dev.nn.tck;

/**
 * The kit on the scalar reference itself: it cannot pass by agreeing with itself, because the kit also checks known
 * answers, finite differences, adjoint identities and masks it computes from the contracts. (nn-host cannot run
 * the kit in its own tests: nn-tck depends on nn-host, and Maven forbids the cycle.)
 */
class ScalarBackendKitTest extends BackendTestKit {
    @Override
    protected String providerName() {
        return "scalar";
    }
}
