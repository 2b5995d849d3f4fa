package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Shared test helpers: the scalar backend, a progress writer, and PNG decoding. */
final class Experiments {
    static final Backend SCALAR = Backends.select("scalar");

    private Experiments() {
    }

    /** Progress goes to the test output, where the numbers stay visible. */
    static PrintWriter log() {
        return new PrintWriter(System.out, true);
    }

    static BufferedImage decode(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every chart decodes as a non-trivial image, and the summary and JSON are there. */
    static void assertReportable(ExperimentResult result, int charts) {
        Map<String, byte[]> images = result.charts();
        assertTrue(images.size() == charts, "expected " + charts + " charts, got " + images.keySet());
        images.forEach((name, png) -> {
            assertTrue(name.endsWith(".png"), name);
            BufferedImage image = decode(png);
            assertNotNull(image, name + " does not decode as an image");
            assertTrue(image.getWidth() >= 400 && image.getHeight() >= 300, name + " is too small");
        });
        assertTrue(!result.summary().isBlank() && !result.json().isEmpty());
        System.out.println(result.summary());
    }
}
