package dev.nn.core.data;

import static dev.nn.core.ReaderContract.readsOrRefuses;
import static dev.nn.core.data.IdxReaderTest.gzip;
import static dev.nn.core.data.IdxReaderTest.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.tensor.Shape;
import dev.nn.core.HostileBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The IDX reader on hostile files (docs/fuzzing.md), plain and gzip: an array or dataset, or a
 * {@link DataException}; and what is written is read back.
 */
class IdxReaderPropertyTest {
    private static final byte[] LABELS = idx(0x08, new int[] {3}, new byte[] {0, 1, 2});
    private static final byte[] IMAGES = idx(0x08, new int[] {3, 2, 2}, new byte[] {0, -1, 51, 102, 1, 2, 3,
            -128, 7, 8, 9, 10});
    /** One valid file per header shape: images, labels, and the wider types big-endian. */
    private static final List<byte[]> VALID = List.of(IMAGES, LABELS,
            idx(0x08, new int[] {2, 1, 2, 1}, new byte[] {1, 2, 3, 4}),
            idx(0x09, new int[] {2}, new byte[] {-1, 1}),
            idx(0x0b, new int[] {1, 2}, new byte[] {1, 2, -1, -2}),
            idx(0x0c, new int[] {1}, new byte[] {0, 0, 1, 0}),
            idx(0x0d, new int[] {1}, new byte[] {0x3f, -128, 0, 0}),
            idx(0x0e, new int[] {1}, new byte[] {0x3f, -16, 0, 0, 0, 0, 0, 0}));

    private static Path dir;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("idx-properties");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property
    void arbitraryBytesAreAnArrayOrADataException(@ForAll("arbitrary") byte[] file) {
        Path path = write("any", file);
        readsOrRefuses(DataException.class, () -> IdxReader.read(path));
    }

    @Property
    void damagedFilesAreAnArrayOrADataException(@ForAll("damaged") byte[] file) {
        Path path = write("damaged", file);
        readsOrRefuses(DataException.class, () -> IdxReader.read(path));
    }

    @Property
    void damagedFilesInsideGzipAreAnArrayOrADataException(@ForAll("damaged") byte[] file) {
        Path path = write("damaged.gz", gzipped(file));
        readsOrRefuses(DataException.class, () -> IdxReader.read(path));
    }

    @Property
    void damagedGzipStreamsAreAnArrayOrADataException(@ForAll("damagedGzip") byte[] file) {
        Path path = write("damaged-stream.gz", file);
        readsOrRefuses(DataException.class, () -> IdxReader.read(path));
    }

    @Property
    void damagedImageOrLabelFilesAreADatasetOrADataException(@ForAll("damaged") byte[] file,
                                                              @ForAll boolean damageImages) {
        Path images = write("images", damageImages ? file : IMAGES);
        Path labels = write("labels", damageImages ? LABELS : file);
        readsOrRefuses(DataException.class, () -> IdxReader.images(images, labels).read());
    }

    @Property
    void writtenArraysReadBackUnchanged(@ForAll("arrays") IdxArray array, @ForAll boolean compressed) {
        byte[] file = idx(array.type().code(), array.dims(), array.data());
        Path path = write("array", compressed ? gzipped(file) : file);
        assertEquals(array, IdxReader.read(path));
    }

    @Property
    void writtenImagesReadBackScaledLikeToTensor(@ForAll("images") byte[] pixels, @ForAll boolean compressed) {
        int n = pixels.length / 4;
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
        }
        byte[] imageFile = idx(0x08, new int[] {n, 2, 2}, pixels);
        Path images = write("images", compressed ? gzipped(imageFile) : imageFile);
        Path labelFile = write("labels", idx(0x08, new int[] {n}, labels));
        Dataset data = IdxReader.images(images, labelFile).read();
        float[] expected = new float[pixels.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (pixels[i] & 0xFF) / 255f;
        }
        assertEquals(Shape.of(1, 2, 2), data.sampleShape());
        assertArrayEquals(expected, data.features());
        for (int i = 0; i < n; i++) {
            assertEquals(i % 3, data.label(i));
        }
    }

    @Provide
    Arbitrary<byte[]> arbitrary() {
        return HostileBytes.any();
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return HostileBytes.damaged(VALID);
    }

    @Provide
    Arbitrary<byte[]> damagedGzip() {
        return HostileBytes.damaged(VALID.stream().map(IdxReaderPropertyTest::gzipped).toList());
    }

    /** Arrays of every type, of rank 1 to 4 and up to 64 values. */
    @Provide
    Arbitrary<IdxArray> arrays() {
        Arbitrary<int[]> dims = Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        return Combinators.combine(Arbitraries.of(IdxType.class), dims).flatAs((type, d) -> {
            int values = 1;
            for (int v : d) {
                values *= v;
            }
            return Arbitraries.bytes().array(byte[].class).ofSize(values * type.width())
                    .map(data -> new IdxArray(type, d, data));
        });
    }

    /** Whole 2x2 images, up to 16 of them. */
    @Provide
    Arbitrary<byte[]> images() {
        return Arbitraries.integers().between(1, 16)
                .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(4 * n));
    }

    private static Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzipped(byte[] raw) {
        try {
            return gzip(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
