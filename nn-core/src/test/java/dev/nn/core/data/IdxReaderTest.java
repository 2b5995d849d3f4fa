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
    void aForgedSizeFieldIsRefusedBeforeItsDataIsAllocated() throws IOException {
        // a 16-byte file declaring one 30000x30000 image: 3.6 GB of float32 were allocated before the read failed
        byte[] forged = idx(0x08, new int[] {1, 30_000, 30_000}, new byte[0]);
        Path raw = file("forged", forged);
        Path labels = file("one-label", idx(0x08, new int[] {1}, new byte[] {0}));
        String m = assertThrows(DataException.class, () -> IdxReader.images(raw, labels).read()).getMessage();
        assertEquals(raw + " is truncated at byte offset 16: shape [1, 30000, 30000] of UBYTE needs 900000000 data "
                + "bytes after the 16-byte header, but only 0 are there; download it again", m);
        Path packed = file("forged.gz", gzip(forged));
        long size = Files.size(packed);
        m = assertThrows(DataException.class, () -> IdxReader.images(packed, labels).read()).getMessage();
        assertEquals(packed + " is corrupt or truncated: its header declares shape [1, 30000, 30000] of UBYTE, "
                + "900000000 data bytes, more than a gzip file of " + size + " bytes can inflate to (1032 times its "
                + "size); download it again", m);
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

    /** n images of 1x1 pixel, with the given label file. */
    private Dataset withLabels(int type, byte[] labelData, int n, List<String> names) throws IOException {
        Path images = file("img-" + type + "-" + n, idx(0x08, new int[] {n, 1, 1}, new byte[n]));
        Path labels = file("lab", idx(type, new int[] {n}, labelData));
        return IdxReader.readImages(images, labels, names);
    }

    private String labelError(int type, byte[] labelData, int n, List<String> names) {
        return assertThrows(DataException.class, () -> withLabels(type, labelData, n, names)).getMessage();
    }

    @Test
    void labelsAreClassIndicesBelowTheLimitNamedByRecord() throws IOException {
        Path lab = tmp.resolve("lab");
        ByteBuffer ints = ByteBuffer.allocate(12).putInt(0).putInt(100_000).putInt(1);
        assertEquals(lab + " record 1: label 100000 is above the limit of 65536 classes (labels 0..65535); a label "
                + "this large is a corrupt or wrong file, or if the data really has that many classes raise the "
                + "limit (optMaxClasses; nn: --max-classes)", labelError(0x0C, ints.array(), 3, List.of()));
        ByteBuffer huge = ByteBuffer.allocate(16).putDouble(1).putDouble(3e9);
        assertTrue(labelError(0x0E, huge.array(), 2, List.of()).startsWith(lab + " record 1: label 3000000000 is "
                + "above the limit of 65536 classes"), labelError(0x0E, huge.array(), 2, List.of()));
        ByteBuffer fraction = ByteBuffer.allocate(8).putFloat(0).putFloat(1.5f);
        assertEquals(lab + " record 1: label 1.5 is not a class index (an integer >= 0); a label file holds class "
                + "indices 0, 1, 2, ...", labelError(0x0D, fraction.array(), 2, List.of()));
        assertTrue(labelError(0x09, new byte[] {0, 1, -1}, 3, List.of()).startsWith(lab + " record 2: label -1 is "
                + "not a class index"));
        assertEquals(lab + " record 2: label 7 is not one of the 3 classes named for this data (0 = a .. 2 = c); "
                + "the label file does not belong to these class names", labelError(0x08, new byte[] {0, 1, 7, 2}, 4,
                List.of("a", "b", "c")));
    }

    @Test
    void labelsThatSkipMostClassesAreRefused() throws IOException {
        // one corrupt byte among labels 0..2: a 201-way model with 197 classes never seen
        byte[] labels = {0, 1, 2, 0, (byte) 200, 1};
        assertEquals(tmp.resolve("lab") + ": labels 0..2 and 200: classes 3..199 have no samples (label 200 is at "
                + "record 4); a label file numbers its classes 0..K-1, so this one is corrupt or not the labels of "
                + "these images: check it, or renumber the classes 0..K-1", labelError(0x08, labels, 6, List.of()));
        // a few empty classes (1-based labels) are read; ClassIndices describes them for a warning
        Dataset oneBased = withLabels(0x08, new byte[] {1, 2, 3, 3}, 4, List.of());
        assertEquals(4, oneBased.numClasses());
        int[] classes = {1, 2, 3, 3};
        assertEquals(java.util.Optional.of("labels 1..3: class 0 has no samples"),
                ClassIndices.emptyClasses(classes));
        assertEquals(java.util.Optional.empty(), ClassIndices.emptyClasses(new int[] {2, 0, 1}));
        assertEquals(java.util.Optional.of("labels 0, 2..4, 6 and 9: classes 1, 5, 7 and 8 have no samples"),
                ClassIndices.emptyClasses(new int[] {0, 2, 3, 4, 6, 9}));
    }

    /**
     * A gzip "bomb": the header declares 2,000,000 images of 32x32, and 2 GB of zeros follow as concatenated gzip
     * members of 1 MiB each, so the file is about 2 MB.
     */
    private Path bomb(String name, int items, long dataBytes) throws IOException {
        Path f = tmp.resolve(name);
        byte[] member = gzip(new byte[1 << 20]);
        try (var out = Files.newOutputStream(f)) {
            out.write(gzip(Arrays.copyOf(idx(0x08, new int[] {items, 32, 32}, new byte[0]), 16)));
            for (long left = dataBytes; left > 0; left -= 1 << 20) {
                out.write(left >= 1 << 20 ? member : gzip(new byte[(int) left]));
            }
        }
        return f;
    }

    private Path bombLabels(int items) throws IOException {
        byte[] labels = new byte[items];
        for (int i = 0; i < items; i++) {
            labels[i] = (byte) (i % 10);
        }
        return file("bomb-labels.gz", gzip(idx(0x08, new int[] {items}, labels)));
    }

    @Test
    void aSmallGzipThatInflatesPastTheHeapIsRefusedBeforeReading() throws IOException {
        int items = 2_000_000;
        long needed = 4L * items * 1024;
        assumeTrue(Runtime.getRuntime().maxMemory() < needed, "the heap could hold all " + needed + " bytes");
        Path images = bomb("bomb.gz", items, (long) items * 1024);
        assertTrue(Files.size(images) < 3_000_000, Files.size(images) + " bytes");
        Path labels = bombLabels(items);
        String m = assertThrows(DataException.class, () -> IdxReader.readImages(images, labels, List.of()))
                .getMessage();
        assertTrue(m.startsWith(images + " declares 2000000 images of 1x32x32: 2048000000 values need 8.2 GB as "
                + "float32, more than this JVM's maximum heap of "), m);
        assertTrue(m.endsWith("; read fewer images (nn: --limit N; IdxReader.images(...).optSampler) or give Java "
                + "more heap (-Xmx)"), m);
    }

    @Test
    void aSamplerKeepsOnlyTheChosenRecordsOfALargeFile() throws IOException {
        int items = 2_000_000;
        Path images = bomb("bomb.gz", items, (long) items * 1024);
        Path labels = bombLabels(items);
        int[][] seen = new int[1][];
        Dataset d = IdxReader.images(images, labels).optSampler(classes -> {
            seen[0] = classes;
            return new int[] {1_999_999, 5, 1_999_999};
        }).read();
        assertEquals(items, seen[0].length);
        assertEquals(3, d.size());
        assertArrayEquals(new float[] {9, 5, 9}, d.labels());
        assertEquals(Shape.of(1, 32, 32), d.sampleShape());
        // the sampler's picks beyond the file, and a file that ends before the data does
        var e = assertThrows(DataException.class, () -> IdxReader.images(images, labels)
                .optSampler(c -> new int[] {items}).read());
        assertEquals("The sampler chose record 2000000 of " + images + ", which has 2000000 records (0..1999999)",
                e.getMessage());
        Path cut = bomb("cut.gz", items, 3 << 20);
        e = assertThrows(DataException.class, () -> IdxReader.images(cut, labels).optSampler(c -> new int[] {0})
                .read());
        // 3 MiB of data compress to far less than 2 GB / 1032: refused from the header and the file's size
        assertEquals(cut + " is corrupt or truncated: its header declares shape [2000000, 32, 32] of UBYTE, "
                + "2048000000 data bytes, more than a gzip file of " + Files.size(cut) + " bytes can inflate to "
                + "(1032 times its size); download it again", e.getMessage());
    }

    @Test
    void aSamplerGivesTheSameDatasetAsASubsetOfEverything() throws IOException {
        byte[] pixels = new byte[5 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        Path images = file("img.gz", gzip(idx(0x08, new int[] {5, 2, 3}, pixels)));
        Path labels = file("lab", idx(0x08, new int[] {5}, new byte[] {0, 1, 2, 1, 0}));
        Dataset all = IdxReader.readImages(images, labels, List.of("a", "b", "c"));
        int[] pick = {4, 0, 3, 0};
        Dataset chosen = IdxReader.images(images, labels).optClassNames(List.of("a", "b", "c"))
                .optSampler(c -> pick).read();
        assertArrayEquals(all.subset(pick).features(), chosen.features());
        assertArrayEquals(all.subset(pick).labels(), chosen.labels());
        assertEquals(List.of("a", "b", "c"), chosen.classNames());
        byte[] raw = idx(0x08, new int[] {5, 2, 3}, pixels);
        Path longer = file("longer", Arrays.copyOf(raw, raw.length + 2));
        String m = assertThrows(DataException.class, () -> IdxReader.images(longer, labels)
                .optSampler(c -> new int[] {1}).read()).getMessage();
        assertTrue(m.startsWith(longer + " has unexpected bytes after the data at byte offset 46"), m);
        Path fourD = file("img4", idx(0x08, new int[] {5, 1, 2, 3}, pixels));
        assertArrayEquals(all.features(), IdxReader.readImages(fourD, labels, List.of()).features());
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
