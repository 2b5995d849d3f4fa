package dev.nn.api.spi;

import dev.nn.api.backend.Backends;

/** Run in a forked JVM on the class path: prints whether it is in a named module and what was discovered. */
public final class ClassPathProbeMain {
    private ClassPathProbeMain() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("named=" + ClassPathProbeMain.class.getModule().isNamed());
        for (var s : Backends.statuses()) {
            System.out.println("status=" + s.name() + " " + s.availability().available() + " " + s.origin());
        }
        System.out.println("selected=" + Backends.select().name());
    }
}
