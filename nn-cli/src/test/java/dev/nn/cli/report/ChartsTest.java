package dev.nn.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The charts decode with javax.imageio (a PNG reader independent of nn's encoder) and show what they should. */
class ChartsTest {
    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "not a PNG");
        return image;
    }

    /** Colours whose channels differ by more than 80: series, bars and heat-map cells, never text or grid. */
    private static long vividPixels(BufferedImage image, int x0, int y0, int x1, int y1) {
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = image.getRGB(x, y);
                int r = p >> 16 & 0xFF;
                int g = p >> 8 & 0xFF;
                int b = p & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Dark pixels (text) in the band of rows y0..y1. */
    private static long inkRows(BufferedImage image, int y0, int y1) {
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void lineChartHasTitleLinesAndLegend() throws IOException {
        BufferedImage image = decode(Charts.lines("Loss", "epoch", "loss", List.of(
                new Charts.Series("train", new double[] {1, 2, 3}, new double[] {1.0, 0.6, 0.4}),
                new Charts.Series("validation", new double[] {1, 2, 3}, new double[] {1.1, 0.8, 0.7})), false));
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
        assertTrue(inkRows(image, 0, 40) > 20, "no title at the top");
        assertTrue(vividPixels(image, 0, 60, 900, 460) > 500, "no coloured lines in the plot");
        assertTrue(vividPixels(image, 0, 520, 900, 560) > 20, "no legend swatches at the bottom");
    }

    @Test
    void logarithmicLinesSkipValuesTheAxisCannotShow() throws IOException {
        BufferedImage image = decode(Charts.lines("std by depth", "layer", "std", List.of(
                new Charts.Series("xavier", new double[] {1, 2, 3, 4}, new double[] {1, 1e-4, 0, Double.NaN})),
                true));
        assertTrue(vividPixels(image, 0, 60, 900, 460) > 200, "the positive points are drawn");
    }

    @Test
    void histogramAndConfusionMatrixRender() throws IOException {
        Map<String, double[]> samples = new LinkedHashMap<>();
        samples.put("no BN", new double[] {-3, -2.5, 2.2, 3, 0.1});
        samples.put("BN", new double[] {-1, 0, 0.5, 1});
        BufferedImage histogram = decode(Charts.histograms("pre-activations", "x", samples, 20));
        assertTrue(vividPixels(histogram, 0, 60, 900, 460) > 2000, "no bars");
        BufferedImage confusion = decode(Charts.confusionMatrix("confusion", new int[][] {{5, 1}, {2, 7}},
                List.of("a", "b")));
        assertTrue(vividPixels(confusion, 0, 0, confusion.getWidth(), confusion.getHeight()) > 2000, "no heat map");
        assertTrue(inkRows(confusion, 0, 30) > 20, "no title");
    }

    @Test
    void textOutsideAsciiAndEmptySeriesStillRender() throws IOException {
        BufferedImage image = decode(Charts.lines("accuracy \u00b1 std", "fold", "accuracy", List.of(
                new Charts.Series("empty", new double[0], new double[0])), false));
        assertEquals(900, image.getWidth());
        assertTrue(inkRows(image, 0, 40) > 20, "the title is drawn, '?' for the character the font lacks");
    }

    @Test
    void theCommandNeedsNeitherAwtNorAChartLibrary() {
        List<String> required = Charts.class.getModule().getDescriptor().requires().stream()
                .map(java.lang.module.ModuleDescriptor.Requires::name).toList();
        assertTrue(!required.contains("java.desktop") && required.stream().noneMatch(m -> m.startsWith("org.jfree")),
                "dev.nn.cli requires " + required + ": the jlink image would need java.desktop (19 MB)");
    }

    @Test
    void seriesLengthsMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> new Charts.Series("s", new double[2], new double[3]));
    }
}
