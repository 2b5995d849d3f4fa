package dev.nn.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.api.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** PNGs written by javax.imageio (an independent encoder, with its own choice of row filters) read back exactly. */
class PngImagesTest {
    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    @Test
    void grayscaleImagesAreOneChannelScaledBy255() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        BufferedImage img = new BufferedImage(13, 7, BufferedImage.TYPE_BYTE_GRAY);
        float[] expected = new float[13 * 7];
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                int v = r.nextInt(256);
                img.getRaster().setSample(x, y, 0, v);
                expected[y * 13 + x] = v / 255f;
            }
        }
        PngImages.Image decoded = PngImages.decode(png(img), "g.png");
        assertEquals(Shape.of(1, 7, 13), decoded.shape());
        assertArrayEquals(expected, decoded.pixels());
    }

    @Test
    void colourImagesAreThreeChannelsChannelMajorAndAlphaIsDropped() throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage img = new BufferedImage(5, 4, type);
            float[] expected = new float[3 * 4 * 5];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    int rgb = r.nextInt(1 << 24);
                    img.setRGB(x, y, (type == BufferedImage.TYPE_INT_ARGB ? r.nextInt(256) << 24 : 0xFF000000) | rgb);
                    int argb = img.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        expected[(c * 4 + y) * 5 + x] = ((argb >> (16 - 8 * c)) & 0xFF) / 255f;
                    }
                }
            }
            PngImages.Image decoded = PngImages.decode(png(img), "c.png");
            assertEquals(Shape.of(3, 4, 5), decoded.shape());
            assertArrayEquals(expected, decoded.pixels(), "image type " + type);
        }
    }

    @Test
    void unsupportedAndDamagedFilesAreClearErrors() throws IOException {
        BufferedImage deep = new BufferedImage(3, 3, BufferedImage.TYPE_USHORT_GRAY);
        var sixteen = assertThrows(NnException.class, () -> PngImages.decode(png(deep), "d.png"));
        assertTrue(sixteen.getMessage().startsWith("d.png: only 8-bit grayscale or RGB(A) PNGs"), sixteen.getMessage());
        byte[] ok = png(new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY));
        byte[] flipped = ok.clone();
        flipped[20] ^= 1;   // inside IHDR: its CRC no longer matches
        assertTrue(assertThrows(NnException.class, () -> PngImages.decode(flipped, "f.png")).getMessage()
                .contains("CRC does not match"));
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 14);
        assertTrue(assertThrows(NnException.class, () -> PngImages.decode(cut, "t.png")).getMessage()
                .startsWith("t.png is"));
        assertEquals("x.png is not a PNG file (its signature is missing)",
                assertThrows(NnException.class, () -> PngImages.decode(new byte[] {1, 2}, "x.png")).getMessage());
    }
}
