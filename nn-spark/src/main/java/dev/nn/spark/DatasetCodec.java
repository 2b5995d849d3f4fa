package dev.nn.spark;

import dev.nn.api.NnException;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link Dataset} as one byte array, the form the driver broadcasts: little-endian, {@code "NNDS"}, format
 * version, sample shape, sample count, features, labels, class names (UTF-8). Decoding checks every length against
 * what is left, so a truncated or foreign array is refused rather than half-read.
 */
final class DatasetCodec {
    private static final int MAGIC = 0x53444E4E; // "NNDS" read little-endian
    private static final int VERSION = 1;

    private DatasetCodec() {
    }

    /**
     * {@return the data set's bytes}
     *
     * @param data the samples
     */
    static byte[] encode(Dataset data) {
        int[] dims = data.sampleShape().toArray();
        List<byte[]> names = data.classNames().stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toList();
        long size = 4L * (4 + dims.length) + 4L * data.features().length + 4L * data.size() + 4
                + names.stream().mapToLong(n -> 4L + n.length).sum();
        if (size > Integer.MAX_VALUE - 8) {
            throw new NnException("A data set of " + data.size() + " samples of shape " + data.sampleShape()
                    + " takes " + size + " bytes, more than one Spark broadcast of a byte array holds (2 GiB); use "
                    + "fewer samples (--limit) or the local runner");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(VERSION).putInt(dims.length);
        for (int d : dims) {
            out.putInt(d);
        }
        out.putInt(data.size());
        out.asFloatBuffer().put(data.features());
        out.position(out.position() + 4 * data.features().length);
        out.asFloatBuffer().put(data.labels());
        out.position(out.position() + 4 * data.size());
        out.putInt(names.size());
        for (byte[] n : names) {
            out.putInt(n.length).put(n);
        }
        return out.array();
    }

    /**
     * {@return the data set the bytes hold}
     *
     * @param bytes what {@link #encode} wrote
     * @throws NnException when the bytes are not such an encoding, or are cut short
     */
    static Dataset decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || in.getInt() != MAGIC) {
            throw corrupt("it does not start with the NNDS header", 0, bytes.length);
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new NnException("The broadcast data set has format version " + version + " but this nn-spark reads "
                    + "version " + VERSION + "; run the same nn version on the driver and the executors");
        }
        int[] dims = new int[count(in, "shape rank", 4, bytes.length)];
        long sampleSize = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = count(in, "dimension " + i, 0, bytes.length);
            sampleSize *= dims[i];
        }
        int n = count(in, "sample count", 0, bytes.length);
        long values = n * sampleSize;
        if (4 * (values + n) > in.remaining()) {
            throw corrupt(n + " samples of " + sampleSize + " values need " + 4 * (values + n) + " bytes", in.position(),
                    bytes.length);
        }
        float[] features = new float[(int) values];
        in.asFloatBuffer().get(features);
        in.position(in.position() + 4 * features.length);
        float[] labels = new float[n];
        in.asFloatBuffer().get(labels);
        in.position(in.position() + 4 * n);
        int classes = count(in, "class name count", 4, bytes.length);
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            byte[] name = new byte[count(in, "length of class name " + c, 1, bytes.length)];
            in.get(name);
            names.add(new String(name, StandardCharsets.UTF_8));
        }
        if (in.hasRemaining()) {
            throw corrupt(in.remaining() + " bytes follow the last class name", in.position(), bytes.length);
        }
        return new Dataset(features, Shape.of(dims), labels, names);
    }

    /**
     * {@return the bytes' SHA-256, in hex: the key executors cache the decoded data set under}
     *
     * @param bytes an encoded data set
     */
    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** Reads a non-negative count whose items take at least {@code unit} bytes each, checked against what is left. */
    private static int count(ByteBuffer in, String what, int unit, int total) {
        if (in.remaining() < 4) {
            throw corrupt("the " + what + " is missing", in.position(), total);
        }
        int at = in.position();
        int value = in.getInt();
        if (value < 0 || (long) value * unit > in.remaining()) {
            throw corrupt("the " + what + " is " + value, at, total);
        }
        return value;
    }

    private static NnException corrupt(String why, int offset, int total) {
        return new NnException("The broadcast data set is corrupt at byte " + offset + " of " + total + ": " + why
                + "; it must be what nn-spark's driver encoded (run the same nn version everywhere)");
    }
}
