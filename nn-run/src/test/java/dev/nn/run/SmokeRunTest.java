package dev.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** nn-run as the small images run it: nn-core, nn-init and the scalar backend only (no dev.nn.norm). */
class SmokeRunTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SmokeRun.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainsAFewStepsAndPrintsTheBackend() {
        assertTrue(SmokeRun.class.getModule().isNamed(), "runs on the module path, as in the images");
        assertEquals(0, run(), err());
        assertTrue(out().startsWith("backend: scalar\n"), out());
        assertTrue(out().contains("initialized with kaiming_normal\n"), out());
        assertTrue(out().matches("(?s).*loss: [0-9.]+ -> [0-9.]+ after 20 steps\nok\n"), out());
        assertEquals("", err());
    }

    @Test
    void aMissingNormalizationNamesTheModuleToAdd() {
        assertEquals(2, run("--norm", "batch_norm"));
        assertTrue(err().startsWith("nn-run: Unknown normalization 'batch_norm'. none are installed"), err());
        assertTrue(err().contains("'batch_norm' is provided by module dev.nn.norm: add it to the module path, or to"
                + " the image (jlink --add-modules dev.nn.norm)"), err());
    }

    @Test
    void aMissingBackendListsTheInstalledOnesAndHowToAddOne() {
        System.setProperty("nn.backend", "cuda");
        try {
            assertEquals(2, run());
        } finally {
            System.clearProperty("nn.backend");
        }
        assertTrue(err().startsWith("nn-run: No usable backend for nn.backend=cuda"), err());
        assertTrue(err().contains("installed: scalar; a plugin module that provides "
                + "dev.nn.api.spi.BackendProvider named 'cuda' must be on the module path"), err());
    }

    @Test
    void anUnknownInitializerListsTheInstalledOnes() {
        assertEquals(2, run("--init", "xaviar"));
        assertTrue(err().startsWith("nn-run: Unknown initializer 'xaviar'. Available: "), err());
        assertTrue(err().contains("xavier_uniform"), err());
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        assertEquals(2, run("--steps", "1"));
        assertTrue(err().startsWith("nn-run: --steps must be a whole number of at least 2"), err());
        assertTrue(err().contains("usage: nn-run"), err());
        assertEquals(2, run("--depth", "3"));
        assertTrue(err().contains("nn-run: unknown option '--depth'"), err());
        assertEquals(2, run("--init"));
        assertTrue(err().contains("nn-run: --init needs a value"), err());
    }
}
