package dev.nn.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {
    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "not a PNG");
        return image;
    }

    /** A rendered chart is not blank: it has many distinct colours. */
    private static void assertDrawn(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 10, "only " + colours.size() + " colours: blank chart?");
    }

    @Test
    void lineChartRendersAsPng() throws IOException {
        byte[] png = Charts.lines("Loss", "epoch", "loss", List.of(
                new Charts.Series("train", new double[] {1, 2, 3}, new double[] {1.0, 0.6, 0.4}),
                new Charts.Series("validation", new double[] {1, 2, 3}, new double[] {1.1, 0.8, 0.7})), false);
        BufferedImage image = decode(png);
        assertEquals(900, image.getWidth());
        assertDrawn(image);
        assertDrawn(decode(Charts.lines("std by depth", "layer", "std", List.of(
                new Charts.Series("xavier", new double[] {1, 2}, new double[] {1, 1e-4})), true)));
    }

    @Test
    void histogramAndConfusionMatrixRender() throws IOException {
        assertDrawn(decode(Charts.histograms("pre-activations", "x",
                Map.of("no BN", new double[] {-3, -2.5, 2.2, 3, 0.1}, "BN", new double[] {-1, 0, 0.5, 1}), 20)));
        assertDrawn(decode(Charts.confusionMatrix("confusion", new int[][] {{5, 1}, {2, 7}}, List.of("a", "b"))));
    }

    @Test
    void seriesLengthsMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> new Charts.Series("s", new double[2], new double[3]));
    }
}
