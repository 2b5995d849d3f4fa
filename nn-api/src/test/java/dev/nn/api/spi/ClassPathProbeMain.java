package dev.nn.api.spi;

import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializers;
import dev.nn.api.norm.Normalizations;

/**
 * Run in a forked JVM on the class path: prints whether it is in a named module, what was discovered (including
 * the test plugins that fail to load), what is selected, and whether repeated lookups reuse one registry.
 */
public final class ClassPathProbeMain {
    private ClassPathProbeMain() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("named=" + ClassPathProbeMain.class.getModule().isNamed());
        for (var s : Backends.statuses()) {
            System.out.println("status=" + s.name() + " " + s.availability().available() + " " + s.origin());
            if (!s.availability().available()) {
                System.out.println("reason=" + s.name() + " " + s.availability().reason());
            }
        }
        System.out.println("selected=" + Backends.select().name());
        System.out.println("selected again=" + Backends.select().name());
        System.out.println("initializers=" + String.join(",", Initializers.names()));
        System.out.println("normalizations=" + String.join(",", Normalizations.names()));
        System.out.println("cached=" + (Initializers.registry() == Initializers.registry()
                && Normalizations.registry() == Normalizations.registry()));
        try {
            Initializers.create("xavier_uniform", Params.empty());
        } catch (ProviderNotFoundException e) {
            e.getMessage().lines().forEach(line -> System.out.println("unknown=" + line));
        }
    }
}
