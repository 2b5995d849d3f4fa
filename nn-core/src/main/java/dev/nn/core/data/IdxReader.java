package dev.nn.core.data;

import dev.nn.api.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST and Fashion-MNIST {@code *-ubyte} format), plain or gzip-compressed (detected from the
 * content, not the name). The header is checked (two zero bytes, a known type code, a dimension count, big-endian
 * dimensions) and so is the length: a truncated file, trailing bytes or a corrupt gzip stream is rejected with the
 * file name and the byte offset, never half-read.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /**
     * @param file an IDX file, optionally gzip-compressed
     * @return its content
     * @throws DataException naming the file and offset when it is missing, malformed or truncated
     */
    public static IdxArray read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            String where = gzip ? "decompressed byte offset " : "byte offset ";
            CountingStream in = new CountingStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
            try (in) {
                return parse(in, file, where);
            } catch (ZipException | EOFException e) {
                throw new DataException(file + " is a corrupt or truncated gzip stream: it fails after "
                        + in.count + " decompressed bytes (" + e.getMessage() + "); download it again", e);
            }
        } catch (NoSuchFileException e) {
            throw new DataException("IDX file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new DataException("Cannot read IDX file " + file + ": " + e, e);
        }
    }

    /** Counts the bytes read, so a failing gzip stream can say how far it got. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }

    private static IdxArray parse(InputStream in, Path file, String where) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataException(file + " is truncated at " + where + magic.length + ": an IDX file starts "
                    + "with a 4-byte magic number");
        }
        IdxType type = IdxType.of(magic[2] & 0xFF);
        int rank = magic[3] & 0xFF;
        if (magic[0] != 0 || magic[1] != 0 || type == null || rank == 0) {
            throw new DataException(file + " is not an IDX file: the magic number at " + where + "0 is 0x"
                    + String.format("%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3]) + ", expected two "
                    + "zero bytes, a type code (08, 09, 0b, 0c, 0d, 0e) and a dimension count >= 1, e.g. 0x00000803 "
                    + "for MNIST images");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new DataException(file + " is truncated at " + where + (4 + dimBytes.length) + ": the header "
                    + "declares " + rank + " dimensions, which need " + 4 * rank + " bytes after the magic number");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int b = 4 * i;
            dims[i] = (dimBytes[b] & 0xFF) << 24 | (dimBytes[b + 1] & 0xFF) << 16 | (dimBytes[b + 2] & 0xFF) << 8
                    | dimBytes[b + 3] & 0xFF;
            if (dims[i] < 0) {
                throw new DataException(file + " has a bad header: dimension " + i + " at " + where + (4 + b)
                        + " is " + Integer.toUnsignedString(dims[i]) + ", more than an array can hold");
            }
            count *= dims[i];
        }
        long bytes = count * type.width();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new DataException(file + " declares shape " + Arrays.toString(dims) + " of " + type + ", "
                    + bytes + " bytes, more than one array can hold; split the file");
        }
        int headerSize = 4 + 4 * rank;
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new DataException(file + " is truncated at " + where + (headerSize + data.length) + ": shape "
                    + Arrays.toString(dims) + " of " + type + " needs " + bytes + " data bytes after the "
                    + headerSize + "-byte header, but only " + data.length + " are there; download it again");
        }
        if (in.read() != -1) {
            throw new DataException(file + " has unexpected bytes after the data at " + where
                    + (headerSize + bytes) + " (shape " + Arrays.toString(dims) + " of " + type + "); the header "
                    + "does not describe the file, or two files were concatenated");
        }
        return new IdxArray(type, dims, data);
    }

    /**
     * Reads an image file and a label file into a dataset the way torchvision's {@code ToTensor} does: pixels
     * scaled to [0, 1] by {@code / 255}, samples of shape {@code (1, H, W)}.
     *
     * @param images an IDX file of shape {@code (N, H, W)} (or {@code (N, C, H, W)}) of unsigned bytes
     * @param labels an IDX file of shape {@code (N)} of class indices
     * @param classNames names of the classes by index, or an empty list
     * @return the dataset
     */
    public static Dataset readImages(Path images, Path labels, java.util.List<String> classNames) {
        IdxArray x = read(images);
        IdxArray y = read(labels);
        if (x.type() != IdxType.UBYTE || x.dims().length < 3 || x.dims().length > 4) {
            throw new DataException(images + " holds " + x.type() + " " + Arrays.toString(x.dims()) + "; expected "
                    + "unsigned-byte images of shape (N, H, W) or (N, C, H, W)");
        }
        if (y.dims().length != 1) {
            throw new DataException(labels + " holds shape " + Arrays.toString(y.dims()) + "; expected one label "
                    + "per image, shape (N)");
        }
        if (x.items() != y.items()) {
            throw new DataException(images + " has " + x.items() + " images but " + labels + " has " + y.items()
                    + " labels; pair the files of the same split (train with train, t10k with t10k)");
        }
        float[] pixels = x.floats(0, x.items());
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] /= 255f;
        }
        int[] d = x.dims();
        Shape sample = d.length == 3 ? Shape.of(1, d[1], d[2]) : Shape.of(d[1], d[2], d[3]);
        return new Dataset(pixels, sample, y.floats(0, y.items()), classNames);
    }
}
