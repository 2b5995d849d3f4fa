package dev.nn.api.spi;

import dev.nn.api.init.Initializer;
import java.util.Set;

/** The discovered factory of an {@link Initializer}, found by its stable name (PyTorch's, without the underscore). */
public interface InitializerProvider {
    /** {@return e.g. {@code xavier_uniform}, {@code kaiming_normal}} */
    String name();

    /** {@return the parameter names {@link #create} accepts; others are rejected} */
    Set<String> parameterNames();

    /**
     * {@return the initializer}
     *
     * @param params typed parameters; unknown names are an error
     */
    Initializer create(Params params);
}
