package dev.nn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn.api.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here byte by byte, plain and gzip, whole and broken; plus the real Fashion-MNIST if present. */
class IdxReaderTest {
    /** Where Debian's dataset package puts Fashion-MNIST; override with -Dnn.fashion.mnist.dir. */
    static final Path FASHION = Path.of(System.getProperty("nn.fashion.mnist.dir",
            "/usr/share/datasets/fashion-mnist"));

    @TempDir
    Path tmp;

    /** An IDX file: magic 00 00 type rank, big-endian dims, data. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    private static final byte[] PIXELS = {0, (byte) 255, 51, 102, 1, 2, 3, (byte) 128, 7, 8, 9, 10};

    @Test
    void readsPlainAndGzipIdentically() throws IOException {
        byte[] raw = idx(0x08, new int[] {3, 2, 2}, PIXELS);
        IdxArray plain = IdxReader.read(file("images-idx3-ubyte", raw));
        IdxArray packed = IdxReader.read(file("images-idx3-ubyte.gz", gzip(raw)));
        assertEquals(plain, packed);
        assertEquals(IdxType.UBYTE, plain.type());
        assertArrayEquals(new int[] {3, 2, 2}, plain.dims());
        assertArrayEquals(new float[] {1, 2, 3, 128}, plain.floats(1, 1));
    }

    @Test
    void readsWiderTypesBigEndian() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(12).putInt(-5).putFloat(2.5f).putShort((short) 300).putShort((short) -2);
        assertArrayEquals(new float[] {-5}, IdxReader.read(file("i", idx(0x0C, new int[] {1},
                Arrays.copyOf(data.array(), 4)))).floats(0, 1));
        assertArrayEquals(new float[] {2.5f}, IdxReader.read(file("f", idx(0x0D, new int[] {1},
                Arrays.copyOfRange(data.array(), 4, 8)))).floats(0, 1));
        assertArrayEquals(new float[] {300, -2}, IdxReader.read(file("s", idx(0x0B, new int[] {2},
                Arrays.copyOfRange(data.array(), 8, 12)))).floats(0, 2));
        assertArrayEquals(new float[] {-1}, IdxReader.read(file("b", idx(0x09, new int[] {1},
                new byte[] {(byte) 0xFF}))).floats(0, 1));
    }

    @Test
    void imagesAndLabelsBecomeADatasetScaledLikeToTensor() throws IOException {
        Path images = file("img", idx(0x08, new int[] {3, 2, 2}, PIXELS));
        Path labels = file("lab.gz", gzip(idx(0x08, new int[] {3}, new byte[] {9, 0, 4})));
        Dataset d = IdxReader.readImages(images, labels, List.of());
        assertEquals(3, d.size());
        assertEquals(Shape.of(1, 2, 2), d.sampleShape());
        assertArrayEquals(new float[] {0f, 1f, 51f / 255f, 102f / 255f}, d.features(0));
        assertArrayEquals(new float[] {9, 0, 4}, d.labels());
        Path fewer = file("few", idx(0x08, new int[] {2}, new byte[] {1, 2}));
        var e = assertThrows(DataException.class, () -> IdxReader.readImages(images, fewer, List.of()));
        assertTrue(e.getMessage().contains("has 3 images but " + fewer + " has 2 labels"), e.getMessage());
    }

    @Test
    void truncatedFilesNameTheFileAndOffset() throws IOException {
        byte[] raw = idx(0x08, new int[] {3, 2, 2}, PIXELS);
        Path cut = file("cut", Arrays.copyOf(raw, raw.length - 5));
        String m = assertThrows(DataException.class, () -> IdxReader.read(cut)).getMessage();
        assertEquals(cut + " is truncated at byte offset 23: shape [3, 2, 2] of UBYTE needs 12 data bytes after "
                + "the 16-byte header, but only 7 are there; download it again", m);
        Path header = file("hdr", Arrays.copyOf(raw, 9));
        m = assertThrows(DataException.class, () -> IdxReader.read(header)).getMessage();
        assertTrue(m.startsWith(header + " is truncated at byte offset 9: the header declares 3 dimensions"), m);
        // a gzip stream cut short: the decompressor fails before the data is complete
        byte[] gz = gzip(raw);
        Path cutGz = file("cut.gz", Arrays.copyOf(gz, gz.length - 12));
        m = assertThrows(DataException.class, () -> IdxReader.read(cutGz)).getMessage();
        assertTrue(m.startsWith(cutGz + " is a corrupt or truncated gzip stream: it fails after"), m);
        // a complete gzip stream of a truncated file: reported at the decompressed offset
        Path gzOfCut = file("gzcut.gz", gzip(Arrays.copyOf(raw, raw.length - 1)));
        m = assertThrows(DataException.class, () -> IdxReader.read(gzOfCut)).getMessage();
        assertTrue(m.startsWith(gzOfCut + " is truncated at decompressed byte offset 27"), m);
    }

    @Test
    void corruptHeadersAndTrailingBytesAreRejected() throws IOException {
        Path text = file("notidx", "hello world, this is not IDX".getBytes());
        String m = assertThrows(DataException.class, () -> IdxReader.read(text)).getMessage();
        assertTrue(m.startsWith(text + " is not an IDX file: the magic number at byte offset 0 is 0x68656c6c"), m);
        Path badType = file("type", idx(0x07, new int[] {1}, new byte[1]));
        assertTrue(assertThrows(DataException.class, () -> IdxReader.read(badType)).getMessage()
                .contains("magic number at byte offset 0 is 0x00000701"));
        byte[] raw = idx(0x08, new int[] {2}, new byte[] {1, 2});
        Path extra = file("extra", Arrays.copyOf(raw, raw.length + 3));
        m = assertThrows(DataException.class, () -> IdxReader.read(extra)).getMessage();
        assertTrue(m.contains("has unexpected bytes after the data at byte offset 10"), m);
        Path corrupt = file("bad.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        m = assertThrows(DataException.class, () -> IdxReader.read(corrupt)).getMessage();
        assertTrue(m.contains("is a corrupt or truncated gzip stream"), m);
        Path none = tmp.resolve("missing");
        assertEquals("IDX file " + none + " does not exist",
                assertThrows(DataException.class, () -> IdxReader.read(none)).getMessage());
    }

    @Test
    void realFashionMnistLoads() {
        Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz");
        assumeTrue(Files.isReadable(images) && Files.isReadable(labels),
                "Fashion-MNIST not installed at " + FASHION + " (set -Dnn.fashion.mnist.dir to its directory)");
        Dataset test = IdxReader.readImages(images, labels, List.of());
        assertEquals(10_000, test.size());
        assertEquals(Shape.of(1, 28, 28), test.sampleShape());
        assertEquals(10, test.numClasses());
        int[] perClass = new int[10];
        for (float l : test.labels()) {
            perClass[(int) l]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, perClass);
        float[] all = test.features();
        double mean = 0;
        float max = 0;
        for (float v : all) {
            mean += v;
            max = Math.max(max, v);
        }
        mean /= all.length;
        // torchvision's normalization constant for Fashion-MNIST is mean 0.2860 (train); the test split is close
        assertEquals(0.286, mean, 0.005);
        assertEquals(1f, max);
    }
}
