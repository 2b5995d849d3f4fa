/**
 * The test kits: abstract JUnit 5 test classes that a backend's own tests subclass, naming the provider under
 * test, and that a trial runner's tests subclass, returning the runner under test. A test library: JUnit is a compile dependency, and the kit's package is opened to JUnit so that it can run
 * the kit's test methods.
 *
 * @uses dev.nn.api.spi.BackendProvider
 */
module dev.nn.tck {
    requires transitive dev.nn.api;
    requires dev.nn.host;
    requires dev.nn.conformance;
    requires transitive dev.nn.validate;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;

    exports dev.nn.tck;
    opens dev.nn.tck to org.junit.platform.commons;
}
