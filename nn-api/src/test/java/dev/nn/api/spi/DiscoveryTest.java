package dev.nn.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
    @Test
    void testsRunOnTheModulePath() {
        // Surefire < 3.5.4 silently falls back to the class path on Java 25; this catches that regression.
        assertTrue(getClass().getModule().isNamed(), "tests must run inside module dev.nn.api");
        assertEquals("dev.nn.api", getClass().getModule().getName());
    }

    @Test
    void classPathModeFindsProvidersListedInMetaInfServices() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Path.of("target/test-classes").toAbsolutePath();
        Process p = new ProcessBuilder(java, "-cp", cp, ClassPathProbeMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("named=false"), out);
        assertTrue(lines.contains("status=classpath-test true class path (" + ProxyBackendProvider.class.getName()
                + ")"), out);
        assertTrue(lines.contains("selected=classpath-test"), out);
    }
}
