package dev.nn.core.data;

import dev.nn.api.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST and Fashion-MNIST {@code *-ubyte} format), plain or gzip-compressed (detected from the
 * content, not the name). The header is checked (two zero bytes, a known type code, a dimension count, big-endian
 * dimensions) and so is the length: a truncated file, trailing bytes or a corrupt gzip stream is rejected with the
 * file name and the byte offset, never half-read.
 *
 * <p>Sizes are checked against the header before any data is read: a file whose declared data would not fit in
 * one Java array ({@link #MAX_VALUES} values) or in this JVM's maximum heap ({@code -Xmx}) is refused, so a small
 * gzip file that inflates to gigabytes fails at once with the fix instead of exhausting the heap. Images are
 * converted record by record as the stream is read, and only the records a {@link Images#optSampler sampler}
 * chooses are kept: reading 1,000 images of a large file needs memory for 1,000 images. Labels are checked as class
 * indices by the rules of {@link ClassIndices}.
 */
public final class IdxReader {
    /** The most values one array, and so one dataset, can hold. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /**
     * {@return its content}
     *
     * @param file an IDX file, optionally gzip-compressed
     * @throws DataException naming the file and offset when it is missing, malformed or truncated, or when its data
     *                       would not fit in one array or in the heap
     */
    public static IdxArray read(Path file) {
        return open(file, (in, h) -> {
            long bytes = h.dataBytes();
            if (bytes > MAX_VALUES) {
                throw new DataException(file + " declares shape " + Arrays.toString(h.dims) + " of " + h.type
                        + ", " + bytes + " bytes, more than one array can hold; split the file");
            }
            checkHeap(bytes, file + " declares shape " + Arrays.toString(h.dims) + " of " + h.type + ": " + bytes
                    + " bytes", "split the file or give Java more heap (-Xmx)");
            byte[] data = in.readNBytes((int) bytes);
            if (data.length < bytes) {
                throw h.truncated(data.length);
            }
            h.checkEnd(in);
            return new IdxArray(h.type, h.dims, data);
        });
    }

    /**
     * Reads an image file and a label file into a dataset the way torchvision's {@code ToTensor} does: pixels
     * scaled to [0, 1] by {@code / 255}, samples of shape {@code (1, H, W)}.
     *
     * @param images an IDX file of shape {@code (N, H, W)} (or {@code (N, C, H, W)}) of unsigned bytes
     * @param labels an IDX file of shape {@code (N)} of class indices
     * @param classNames names of the classes by index, or an empty list
     * @return the dataset
     * @throws DataException as {@link Images#read()}
     */
    public static Dataset readImages(Path images, Path labels, List<String> classNames) {
        return images(images, labels).optClassNames(classNames).read();
    }

    /**
     * {@return a reader of the pair, to configure}
     *
     * @param images an IDX file of shape {@code (N, H, W)} (or {@code (N, C, H, W)}) of unsigned bytes
     * @param labels an IDX file of shape {@code (N)} of class indices
     */
    public static Images images(Path images, Path labels) {
        return new Images(images, labels);
    }

    /** Reads an image file and its label file, keeping all records or those a sampler chooses. */
    public static final class Images {
        private final Path images;
        private final Path labels;
        private List<String> classNames = List.of();
        private int maxClasses = ClassIndices.DEFAULT_MAX_CLASSES;
        private Function<int[], int[]> sampler;

        private Images(Path images, Path labels) {
            this.images = Objects.requireNonNull(images, "images");
            this.labels = Objects.requireNonNull(labels, "labels");
        }

        /**
         * {@return this}
         *
         * @param names names of the classes by index (default none); every label must name one of them
         */
        public Images optClassNames(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /**
         * {@return this}
         *
         * @param max labels must be below this (default {@link ClassIndices#DEFAULT_MAX_CLASSES})
         */
        public Images optMaxClasses(int max) {
            if (max < 1) {
                throw new DataException("optMaxClasses must be >= 1, got " + max);
            }
            this.maxClasses = max;
            return this;
        }

        /**
         * {@return this}
         *
         * @param sampler given every record's class index (a copy), returns the records to keep in the order
         *                wanted (repeats allowed), or null for all; by default every record, in file order. Only
         *                the chosen records are converted and held in memory.
         */
        public Images optSampler(Function<int[], int[]> sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * {@return the dataset: pixels scaled to [0, 1] by {@code / 255}, samples of shape {@code (1, H, W)} or {@code
         * (C, H, W)}}
         *
         * @throws DataException naming the file and record or offset when a file is missing, malformed, truncated
         *                       or too large for the heap, the counts differ, or a label is not a class index
         *                       (see {@link ClassIndices})
         */
        public Dataset read() {
            return open(images, (in, h) -> {
                if (h.type != IdxType.UBYTE || h.dims.length < 3 || h.dims.length > 4) {
                    throw new DataException(images + " holds " + h.type + " " + Arrays.toString(h.dims)
                            + "; expected unsigned-byte images of shape (N, H, W) or (N, C, H, W)");
                }
                int[] classes = classes(h.dims[0]);
                int[] keep = sampler == null ? null : sampler.apply(classes.clone());
                return convert(in, h, classes, keep);
            });
        }

        /** The label file's values as class indices, checked. */
        private int[] classes(int items) {
            IdxArray y = IdxReader.read(labels);
            if (y.dims().length != 1) {
                throw new DataException(labels + " holds shape " + Arrays.toString(y.dims()) + "; expected one "
                        + "label per image, shape (N)");
            }
            if (items != y.items()) {
                throw new DataException(images + " has " + items + " images but " + labels + " has " + y.items()
                        + " labels; pair the files of the same split (train with train, t10k with t10k)");
            }
            int[] classes = new int[items];
            for (int i = 0; i < items; i++) {
                double v = value(y, i);
                String what = labels + " record " + i + ": label " + ClassIndices.format(v);
                classes[i] = ClassIndices.index(v, what, maxClasses, "a label file holds class indices 0, 1, 2, ...");
                if (!classNames.isEmpty() && classes[i] >= classNames.size()) {
                    throw new DataException(what + " is not one of the " + classNames.size() + " classes named for "
                            + "this data (0 = " + classNames.getFirst() + " .. " + (classNames.size() - 1) + " = "
                            + classNames.getLast() + "); the label file does not belong to these class names");
                }
            }
            if (classNames.isEmpty()) {
                ClassIndices.refuseMostlyEmpty(classes, labels.toString(), r -> "record " + r, "a label file "
                        + "numbers its classes 0..K-1, so this one is corrupt or not the labels of these images: "
                        + "check it, or renumber the classes 0..K-1");
            }
            return classes;
        }

        /** Streams the image data once, converting the chosen records into their slots. */
        private Dataset convert(InputStream in, Header h, int[] classes, int[] keep) throws IOException {
            int[] d = h.dims;
            int items = d[0];
            double perImage = (double) d[1] * d[2] * (d.length == 4 ? d[3] : 1);   // bytes of one image
            int count = keep == null ? items : keep.length;
            // slot k takes record keep[k]; sorted by record (high half), so one pass over the stream fills them all
            long[] order = new long[count];
            for (int k = 0; k < count; k++) {
                int record = keep == null ? k : keep[k];
                if (record < 0 || record >= items) {
                    throw new DataException("The sampler chose record " + record + " of " + images + ", which has "
                            + items + " records (0.." + (items - 1) + ")");
                }
                order[k] = (long) record << 32 | k;
            }
            if (keep != null) {
                Arrays.sort(order);
            }
            String sample = d.length == 3 ? "1x" + d[1] + "x" + d[2] : d[1] + "x" + d[2] + "x" + d[3];
            String what = (keep == null ? images + " declares " + items + " images of " + sample
                    : images + ": the " + count + " images chosen of its " + items + " of " + sample) + ": ";
            double values = count * perImage;
            if (values > MAX_VALUES || perImage > MAX_VALUES) {
                throw new DataException(what + (long) values + " values, more than one array can hold ("
                        + MAX_VALUES + "); read fewer images (nn: --limit N; IdxReader.images(...).optSampler)");
            }
            checkHeap(4 * (long) values, what + (long) values + " values need " + gigabytes(4 * (long) values)
                    + " as float32", "read fewer images (nn: --limit N; IdxReader.images(...).optSampler) or give "
                    + "Java more heap (-Xmx)");
            long per = (long) perImage;
            float[] pixels = new float[(int) values];
            float[] y = new float[count];
            byte[] buf = new byte[(int) Math.min(per, 1 << 16)];
            int next = 0;
            for (int r = 0; r < items; r++) {
                int first = next;
                while (next < count && (int) (order[next] >>> 32) == r) {
                    next++;
                }
                for (long done = 0; done < per; ) {
                    int n = (int) Math.min(buf.length, per - done);
                    int got = in.readNBytes(buf, 0, n);
                    if (got < n) {
                        throw h.truncated(r * per + done + got);
                    }
                    for (int s = first; s < next; s++) {
                        int base = (int) ((int) order[s] * per + done);
                        for (int j = 0; j < n; j++) {
                            pixels[base + j] = (buf[j] & 0xFF) / 255f;
                        }
                    }
                    done += n;
                }
                for (int s = first; s < next; s++) {
                    y[(int) order[s]] = classes[r];
                }
            }
            h.checkEnd(in);
            Shape shape = d.length == 3 ? Shape.of(1, d[1], d[2]) : Shape.of(d[1], d[2], d[3]);
            return new Dataset(pixels, shape, y, classNames);
        }
    }

    /** Element {@code i} of an array, as a double (exact for every IDX type). */
    private static double value(IdxArray a, int i) {
        ByteBuffer buf = ByteBuffer.wrap(a.data()); // big-endian, IDX's byte order
        int at = i * a.type().width();
        return switch (a.type()) {
            case UBYTE -> a.data()[at] & 0xFF;
            case BYTE -> a.data()[at];
            case SHORT -> buf.getShort(at);
            case INT -> buf.getInt(at);
            case FLOAT -> buf.getFloat(at);
            case DOUBLE -> buf.getDouble(at);
        };
    }

    /** Refuses to allocate more than the heap could ever hold. */
    private static void checkHeap(long bytes, String what, String fix) {
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new DataException(what + ", more than this JVM's maximum heap of " + gigabytes(heap) + "; " + fix);
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** What follows the header, given the open stream. */
    @FunctionalInterface
    private interface Body<T> {
        T read(InputStream in, Header h) throws IOException;
    }

    /** Opens a file (gunzipping when it starts with the gzip magic), reads the header, then the body. */
    private static <T> T open(Path file, Body<T> body) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            String where = gzip ? "decompressed byte offset " : "byte offset ";
            CountingStream in = new CountingStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
            try (in) {
                Header header = Header.parse(in, file, where);
                header.checkFits(Files.size(file), gzip);
                return body.read(in, header);
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

    /**
     * A checked header.
     *
     * @param file the file, for messages
     * @param where {@code byte offset } or {@code decompressed byte offset }
     * @param type the element type
     * @param dims the dimensions, each >= 0
     */
    private record Header(Path file, String where, IdxType type, int[] dims) {
        /** DEFLATE's largest compression ratio (zlib's technical details): 258-byte matches in under 2 bits each. */
        static final long MAX_INFLATION = 1032;

        static Header parse(InputStream in, Path file, String where) throws IOException {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new DataException(file + " is truncated at " + where + magic.length + ": an IDX file starts "
                        + "with a 4-byte magic number");
            }
            IdxType type = IdxType.of(magic[2] & 0xFF);
            int rank = magic[3] & 0xFF;
            if (magic[0] != 0 || magic[1] != 0 || type == null || rank == 0) {
                throw new DataException(file + " is not an IDX file: the magic number at " + where + "0 is 0x"
                        + String.format("%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3]) + ", expected "
                        + "two zero bytes, a type code (08, 09, 0b, 0c, 0d, 0e) and a dimension count >= 1, e.g. "
                        + "0x00000803 for MNIST images");
            }
            byte[] dimBytes = in.readNBytes(4 * rank);
            if (dimBytes.length < 4 * rank) {
                throw new DataException(file + " is truncated at " + where + (4 + dimBytes.length) + ": the header "
                        + "declares " + rank + " dimensions, which need " + 4 * rank + " bytes after the magic "
                        + "number");
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                int b = 4 * i;
                dims[i] = (dimBytes[b] & 0xFF) << 24 | (dimBytes[b + 1] & 0xFF) << 16
                        | (dimBytes[b + 2] & 0xFF) << 8 | dimBytes[b + 3] & 0xFF;
                if (dims[i] < 0) {
                    throw new DataException(file + " has a bad header: dimension " + i + " at " + where + (4 + b)
                            + " is " + Integer.toUnsignedString(dims[i]) + ", more than an array can hold");
                }
            }
            return new Header(file, where, type, dims);
        }

        int size() {
            return 4 + 4 * dims.length;
        }

        /** @return the data section's declared length; at most 255 dimensions of < 2^31 cannot overflow a double */
        long dataBytes() {
            double bytes = type.width();
            for (int d : dims) {
                bytes *= d;
            }
            return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
        }

        /**
         * Refuses a header that declares more data than the file can hold, before anything is allocated for it: a
         * plain file holds its data after the header; a gzip stream inflates at most {@value #MAX_INFLATION} times
         * its size (DEFLATE's limit), so a forged size field in a small file cannot claim gigabytes of heap.
         */
        void checkFits(long fileBytes, boolean gzip) {
            if (!gzip && dataBytes() > fileBytes - size()) {
                throw truncated(fileBytes - size());
            }
            if (gzip && dataBytes() > MAX_INFLATION * fileBytes) {
                throw new DataException(file + " is corrupt or truncated: its header declares shape "
                        + Arrays.toString(dims) + " of " + type + ", " + dataBytes() + " data bytes, more than a "
                        + "gzip file of " + fileBytes + " bytes can inflate to (" + MAX_INFLATION + " times its "
                        + "size); download it again");
            }
        }

        DataException truncated(long got) {
            return new DataException(file + " is truncated at " + where + (size() + got) + ": shape "
                    + Arrays.toString(dims) + " of " + type + " needs " + dataBytes() + " data bytes after the "
                    + size() + "-byte header, but only " + got + " are there; download it again");
        }

        void checkEnd(InputStream in) throws IOException {
            if (in.read() != -1) {
                throw new DataException(file + " has unexpected bytes after the data at " + where
                        + (size() + dataBytes()) + " (shape " + Arrays.toString(dims) + " of " + type + "); the "
                        + "header does not describe the file, or two files were concatenated");
            }
        }
    }
}
