package dev.nn.core.data;

import static dev.nn.core.fuzz.ReaderContract.readsOrRefuses;
import static dev.nn.core.data.IdxReaderTest.gzip;
import static dev.nn.core.data.IdxReaderTest.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.tensor.Shape;
import dev.nn.core.fuzz.Fuzz;
import dev.nn.core.fuzz.HostileBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private static final List<byte[]> VALID_GZIP = VALID.stream().map(IdxReaderPropertyTest::gzipped).toList();
    private static final Fuzz FUZZ = Fuzz.runner();

    @TempDir
    static Path dir;

    @Test
    void arbitraryBytesAreAnArrayOrADataException() {
        FUZZ.forAll(HostileBytes::any, file -> {
            Path path = write("any", file);
            readsOrRefuses(DataException.class, () -> IdxReader.read(path));
        });
    }

    @Test
    void damagedFilesAreAnArrayOrADataException() {
        FUZZ.forAll(IdxReaderPropertyTest::damaged, file -> {
            Path path = write("damaged", file);
            readsOrRefuses(DataException.class, () -> IdxReader.read(path));
        });
    }

    @Test
    void damagedFilesInsideGzipAreAnArrayOrADataException() {
        FUZZ.forAll(IdxReaderPropertyTest::damaged, file -> {
            Path path = write("damaged.gz", gzipped(file));
            readsOrRefuses(DataException.class, () -> IdxReader.read(path));
        });
    }

    @Test
    void damagedGzipStreamsAreAnArrayOrADataException() {
        FUZZ.forAll(r -> HostileBytes.damaged(r, VALID_GZIP), file -> {
            Path path = write("damaged-stream.gz", file);
            readsOrRefuses(DataException.class, () -> IdxReader.read(path));
        });
    }

    @Test
    void damagedImageOrLabelFilesAreADatasetOrADataException() {
        FUZZ.forAll(IdxReaderPropertyTest::damaged, SplittableRandom::nextBoolean, (file, damageImages) -> {
            Path images = write("images", damageImages ? file : IMAGES);
            Path labels = write("labels", damageImages ? LABELS : file);
            readsOrRefuses(DataException.class, () -> IdxReader.images(images, labels).read());
        });
    }

    @Test
    void writtenArraysReadBackUnchanged() {
        FUZZ.forAll(IdxReaderPropertyTest::array, SplittableRandom::nextBoolean, (array, compressed) -> {
            byte[] file = idx(array.type().code(), array.dims(), array.data());
            Path path = write("array", compressed ? gzipped(file) : file);
            assertEquals(array, IdxReader.read(path));
        });
    }

    @Test
    void writtenImagesReadBackScaledLikeToTensor() {
        FUZZ.forAll(IdxReaderPropertyTest::images, SplittableRandom::nextBoolean, (pixels, compressed) -> {
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
        });
    }

    private static byte[] damaged(SplittableRandom r) {
        return HostileBytes.damaged(r, VALID);
    }

    /** An array of any type, of rank 1 to 4 and up to 256 values. */
    private static IdxArray array(SplittableRandom r) {
        IdxType type = Fuzz.oneOf(r, List.of(IdxType.values()));
        int[] dims = new int[1 + r.nextInt(4)];
        int values = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = r.nextInt(5);
            values *= dims[i];
        }
        return new IdxArray(type, dims, HostileBytes.bytes(r, values * type.width()));
    }

    /** Whole 2x2 images, 1 to 16 of them. */
    private static byte[] images(SplittableRandom r) {
        return HostileBytes.bytes(r, 4 * (1 + r.nextInt(16)));
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
