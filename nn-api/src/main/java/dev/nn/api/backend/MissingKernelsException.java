package dev.nn.api.backend;

import dev.nn.api.NnException;

/**
 * A backend was asked for a kernel family it does not provide. A new backend may start small: the families beyond
 * {@link Backend}'s own kernels ({@link Backend#norm()}, {@link Backend#dropout()}) are optional, and asking a
 * backend that lacks one fails with this error, naming the family and the backend, at the first layer that needs
 * it rather than with a wrong result.
 */
public final class MissingKernelsException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error naming the missing family and the backend.
     *
     * @param family the family's interface, e.g. {@code NormKernels}
     * @param accessor the {@link Backend} method that returns it, e.g. {@code norm()}
     * @param backend the backend's name
     */
    public MissingKernelsException(Class<?> family, String accessor, String backend) {
        super("Backend '" + backend + "' does not provide the " + family.getSimpleName() + " kernels that this "
                + "layer needs. Choose a backend that has them (-Dnn.backend=cpu-simd or scalar), or, writing a host "
                + "backend, return the scalar twins (new dev.nn.host.scalar.ScalarBackend()." + accessor
                + ")");
    }
}
