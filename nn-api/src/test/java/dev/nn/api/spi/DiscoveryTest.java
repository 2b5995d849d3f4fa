package dev.nn.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.testplugin.ConstructorThrowsBackendProvider;
import dev.nn.api.testplugin.ConstructorThrowsInitializerProvider;
import dev.nn.api.testplugin.NoPublicConstructorBackendProvider;
import dev.nn.api.testplugin.StaticInitThrowsBackendProvider;
import dev.nn.api.testplugin.StaticInitThrowsNormalizationProvider;
import dev.nn.api.testplugin.WorkingBackendProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery on the module path (this JVM) and on the class path (a forked JVM running {@link ClassPathProbeMain}
 * with the providers that {@code src/test/resources/META-INF/services} lists: {@link ProxyBackendProvider} and the
 * test plugins of {@code dev.nn.api.testplugin}, working and broken).
 */
class DiscoveryTest {
    private static final String FIX = ". Fix: remove the jar or module that provides it, or fix the plugin";
    private static String out;
    private static List<String> lines;

    @BeforeAll
    static void runOnTheClassPath() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Path.of("target/test-classes").toAbsolutePath();
        Process p = new ProcessBuilder(java, "-Duser.language=en",
                "-Djava.util.logging.SimpleFormatter.format=LOG %4$s %3$s: %5$s%n",
                "-cp", cp, ClassPathProbeMain.class.getName())
                .redirectErrorStream(true).start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        lines = out.lines().toList();
    }

    @Test
    void testsRunOnTheModulePath() {
        // Surefire < 3.5.4 silently falls back to the class path on Java 25; this catches that regression.
        assertTrue(getClass().getModule().isNamed(), "tests must run inside module dev.nn.api");
        assertEquals("dev.nn.api", getClass().getModule().getName());
    }

    @Test
    void classPathModeFindsProvidersListedInMetaInfServices() {
        assertTrue(lines.contains("named=false"), out);
        assertTrue(lines.contains("status=classpath-test true class path (" + ProxyBackendProvider.class.getName()
                + ")"), out);
        assertTrue(lines.contains("status=plugin true class path (" + WorkingBackendProvider.class.getName() + ")"),
                out);
        assertTrue(lines.contains("selected=classpath-test"), out);
        assertTrue(lines.contains("selected again=classpath-test"), out);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("LOG INFO dev.nn.api.spi.BackendSelector")
                && l.contains("Backend 'classpath-test' selected (highest priority available)")).count(),
                "the same choice is logged once: " + out);
    }

    @Test
    void classPathProvidersThatFailToLoadAreListedUnavailableWithTheirErrorAndTheOthersStillWork() {
        String listing = "class path (listed in " + new File("target/test-classes").getAbsoluteFile().toURI()
                + "META-INF/services/" + BackendProvider.class.getName() + ")";
        assertReason(ConstructorThrowsBackendProvider.class.getName(), listing, "Provider "
                + ConstructorThrowsBackendProvider.class.getName() + " could not be instantiated; caused by "
                + "java.lang.IllegalStateException: " + ConstructorThrowsBackendProvider.MESSAGE);
        assertReason(StaticInitThrowsBackendProvider.class.getName(), listing, "Provider "
                + StaticInitThrowsBackendProvider.class.getName() + " could not be instantiated; caused by "
                + "java.lang.ExceptionInInitializerError; caused by java.lang.IllegalStateException: "
                + StaticInitThrowsBackendProvider.MESSAGE);
        assertReason(NoPublicConstructorBackendProvider.class.getName(), listing,
                NoPublicConstructorBackendProvider.class.getName() + " Unable to get public no-arg constructor; "
                        + "caused by java.lang.NoSuchMethodException: "
                        + NoPublicConstructorBackendProvider.class.getName() + ".<init>()");
        assertReason("dev.nn.api.testplugin.MissingBackendProvider", listing,
                "Provider dev.nn.api.testplugin.MissingBackendProvider not found");
        assertEquals(4, lines.stream().filter(l -> l.startsWith("reason=")).count(), out);

        assertTrue(lines.contains("initializers=plugin_fill"), out);
        assertTrue(lines.contains("normalizations=plugin_identity"), out);
        assertTrue(lines.contains("unknown=Unknown initializer 'xavier_uniform'. Available: plugin_fill"), out);
        assertTrue(lines.contains("unknown=2 initializer providers failed to load (the name may be one of theirs):"),
                out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("unknown=  failed to load: "
                + ConstructorThrowsInitializerProvider.class.getName() + " (class path (listed in ")
                && l.endsWith(ConstructorThrowsInitializerProvider.MESSAGE + FIX)), out);
    }

    @Test
    void classPathRegistriesAreCachedAndEachFailureIsLoggedOnce() {
        assertTrue(lines.contains("cached=true"), out);
        // statuses() and select() both looked the backends up, names() and create() the initializers
        for (String failed : List.of(ConstructorThrowsBackendProvider.class.getName(),
                StaticInitThrowsBackendProvider.class.getName(), NoPublicConstructorBackendProvider.class.getName(),
                "dev.nn.api.testplugin.MissingBackendProvider", ConstructorThrowsInitializerProvider.class.getName(),
                "dev.nn.api.testplugin.MissingInitializerProvider",
                StaticInitThrowsNormalizationProvider.class.getName())) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith("LOG WARNING dev.nn.api.internal.ProviderScan: "
                    + "Skipped ") && l.contains(" failed to load: " + failed + " (")).count(), failed + "\n" + out);
        }
        assertEquals(7, lines.stream().filter(l -> l.startsWith("LOG WARNING")).count(), out);
    }

    private static void assertReason(String providerClass, String listing, String error) {
        String simpleName = providerClass.substring(providerClass.lastIndexOf('.') + 1);
        assertTrue(lines.contains("status=" + simpleName + " false " + listing + " (" + providerClass + ")"), out);
        assertTrue(lines.contains("reason=" + simpleName + " failed to load: " + providerClass + " (" + listing
                + "): " + error + FIX), "reason of " + providerClass + " in\n" + out);
    }
}
