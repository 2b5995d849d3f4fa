package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.spi.InitializerProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The META-INF/services registration alone finds every initializer when the jars sit on the class path. */
class ClassPathTest {
    @Test
    void classPathModeFindsEveryInitializer() throws IOException, InterruptedException, URISyntaxException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path api = Path.of(InitializerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String cp = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator + api;
        Process p = new ProcessBuilder(java, "-cp", cp, ClassPathProbeMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("named=false"), out);
        assertTrue(lines.contains("names=constant,dirac,eye,kaiming_normal,kaiming_uniform,lecun_normal,"
                + "lecun_uniform,normal,ones,orthogonal,sparse,trunc_normal,uniform,variance_scaling,xavier_normal,"
                + "xavier_uniform,zeros"), out);
        assertTrue(lines.contains("created=kaiming_normal(a=0.0, mode=fan_in, nonlinearity=relu)"), out);
    }
}
