package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.testplugin.HalfInitializerProvider;
import dev.nn.core.state.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn --plugin-path}: a plugin jar that is not on the module path adds its providers to the command, and only
 * to that command line.
 */
class PluginPathTest {
    @TempDir
    Path dir;

    @Test
    void anInitializerFromAPluginJarInitializesTheModel() throws IOException {
        Path jar = pluginJar();
        Path out = dir.resolve("run");
        CliRun run = CliRun.of("--plugin-path", jar.toString(), "train", "--init", HalfInitializerProvider.NAME,
                "--limit", "300", "--epochs", "1", "--lr", "1e-30", "--optimizer", "sgd", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("init=" + HalfInitializerProvider.NAME));
        float[] first = Safetensors.read(out.resolve("model.safetensors")).tensors().get("1.weight").values();
        for (float w : first) {
            assertEquals(0.5f, w, "the plugin's initializer filled the first Linear; a learning rate of 1e-30 "
                    + "cannot move 0.5");
        }
    }

    @Test
    void withoutThePluginPathTheNameIsUnknownAndTheInstalledOnesAreListed() throws IOException {
        pluginJar();
        CliRun run = CliRun.of("train", "--init", HalfInitializerProvider.NAME, "--limit", "300", "--epochs", "1",
                "--out", dir.resolve("run").toString());
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("Unknown initializer '" + HalfInitializerProvider.NAME + "'"), run.err());
        assertTrue(run.err().contains("xavier_uniform"), run.err());
    }

    @Test
    void aMissingEntryIsAnErrorNamingIt() {
        Path missing = dir.resolve("no-such-plugin.jar");
        CliRun run = CliRun.of("--plugin-path", missing.toString(), "backends");
        assertEquals(2, run.status(), run.err());
        assertEquals("error: --plugin-path: " + missing + " does not exist; name plugin jars or folders of jars "
                + "(separated by '" + java.io.File.pathSeparator + "')", run.err().strip());
    }

    @Test
    void aJarThatIsNotAPluginIsAnErrorNotATrace() throws IOException {
        Path broken = dir.resolve("broken.jar");
        Files.writeString(broken, "not a zip");
        CliRun run = CliRun.of("--plugin-path", broken.toString(), "backends");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("error: --plugin-path: cannot load the plugins in [" + broken + "]: "),
                run.err());
        assertTrue(run.err().strip().endsWith("see PLUGINS.md"), run.err());
    }

    /** A plain jar (an automatic module on a module path) with the test provider and its services entry. */
    private Path pluginJar() throws IOException {
        Path jar = dir.resolve("nn-test-plugin.jar");
        String classFile = HalfInitializerProvider.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                InputStream compiled = HalfInitializerProvider.class.getResourceAsStream("/" + classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            compiled.transferTo(out);
            out.putNextEntry(new JarEntry("META-INF/services/dev.nn.api.spi.InitializerProvider"));
            out.write((HalfInitializerProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
