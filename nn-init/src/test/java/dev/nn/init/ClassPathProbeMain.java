package dev.nn.init;

import dev.nn.api.init.Initializers;
import dev.nn.api.spi.Params;

/** Run in a forked JVM on the class path: prints whether it is in a named module and which initializers it finds. */
public final class ClassPathProbeMain {
    private ClassPathProbeMain() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("named=" + ClassPathProbeMain.class.getModule().isNamed());
        System.out.println("names=" + String.join(",", Initializers.names()));
        System.out.println("created=" + Initializers.create("kaiming_normal", Params.of("nonlinearity", "relu")));
    }
}
