package dev.nn.model;

import dev.nn.api.init.Initializers;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;
import dev.nn.init.ModelInitializer;
import java.util.Locale;

/**
 * A model's initialization by name, as recipes and the command line write it: {@code recommended} (He before ReLU),
 * {@code default} (PyTorch's layer defaults, left as they are) or any installed initializer's name for the weights
 * (biases and normalization shifts zero, normalization scales one).
 */
public final class ModelInitializers {
    /** Initializes as nn recommends for the layer kinds. */
    public static final String RECOMMENDED = "recommended";
    /** Keeps PyTorch's layer defaults. */
    public static final String DEFAULT = "default";

    private ModelInitializers() {
    }

    /**
     * {@return the initialization, looking initializer names up in the installed providers}
     *
     * @param name {@code recommended}, {@code default} or an initializer's name
     */
    public static ModelInitializer named(String name) {
        return named(name, Initializers.registry());
    }

    /**
     * {@return the initialization}
     *
     * @param name {@code recommended}, {@code default} or an initializer's name
     * @param registry where initializer names are looked up (an application may bind its own)
     * @throws dev.nn.api.spi.ProviderNotFoundException when no initializer has that name, listing those there are
     * @throws IllegalArgumentException when the initializer needs parameters (a name cannot give them)
     */
    public static ModelInitializer named(String name, NamedProviders<InitializerProvider> registry) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case RECOMMENDED -> ModelInitializer.recommended();
            case DEFAULT -> ModelInitializer.builder().build();   // a builder with no rules touches nothing
            default -> ModelInitializer.builder()
                    .role(ParameterRole.WEIGHT, registry.find(name).create(Params.empty()))
                    .role(ParameterRole.BIAS, Init.zeros())
                    .role(ParameterRole.NORM_SCALE, Init.ones())
                    .role(ParameterRole.NORM_SHIFT, Init.zeros())
                    .build();
        };
    }
}
