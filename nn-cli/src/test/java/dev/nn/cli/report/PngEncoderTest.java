package dev.nn.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** nn's PNG files read back, pixel for pixel, with javax.imageio's independent decoder. */
class PngEncoderTest {
    @Test
    void randomPixelsRoundTripThroughImageIo() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        Raster raster = new Raster(37, 23);
        for (int y = 0; y < raster.height(); y++) {
            for (int x = 0; x < raster.width(); x++) {
                raster.fill(x, y, 1, 1, random.nextInt(1 << 24));
            }
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(raster)));
        assertEquals(37, image.getWidth());
        assertEquals(23, image.getHeight());
        for (int y = 0; y < raster.height(); y++) {
            for (int x = 0; x < raster.width(); x++) {
                assertEquals(raster.get(x, y), image.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void aOnePixelPictureIsAValidPng() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(new Raster(1, 1))));
        assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF);
    }
}
