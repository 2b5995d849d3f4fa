/**
 * The {@code nn} command line: lists backends, runs the conformance kit, and is the main job's entry point.
 *
 * @uses dev.nn.api.spi.BackendProvider
 */
module dev.nn.cli {
    requires dev.nn.api;
    requires dev.nn.core;
    requires dev.nn.conformance;
    requires info.picocli;
    requires com.google.guice;
    requires java.desktop;
    requires org.jfree.jfreechart;

    opens dev.nn.cli to info.picocli;
}
