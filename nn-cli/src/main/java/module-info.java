/**
 * The {@code nn} command line: lists backends, runs the conformance kit, and is the main job's entry point.
 *
 * <p>Initializers, normalizations and backends are looked up through their SPIs; their modules only need to be
 * on the module path (or linked into the image).
 */
module dev.nn.cli {
    requires dev.nn.api;
    requires dev.nn.core;
    requires dev.nn.conformance;
    requires dev.nn.init;
    requires dev.nn.model;
    requires dev.nn.norm;
    requires dev.nn.regularize;
    requires dev.nn.validate;
    requires info.picocli;
    requires com.google.guice;
    requires jdk.incubator.vector;   // nn bench measures the FMA peak with vectors

    // picocli fills the options; Guice creates the commands and injects what they use
    opens dev.nn.cli to info.picocli, com.google.guice;
    opens dev.nn.cli.experiment to info.picocli, com.google.guice;
    opens dev.nn.cli.bench to info.picocli, com.google.guice;
}
