package dev.nn.spark;

import dev.nn.api.NnException;
import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.PortableDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A {@link Dataset} as one byte array, the form the driver broadcasts: its {@link PortableDataset}, Java-serialized.
 * Bytes rather than the object itself, so that executors can key their decoded copy by the bytes' hash. Decoding
 * refuses bytes that are not exactly one such data set (truncated, foreign, or followed by more), rather than
 * half-reading them.
 */
final class DatasetCodec {
    private DatasetCodec() {
    }

    /**
     * {@return the data set's bytes}
     *
     * @param data the samples
     * @throws NnException when the data set is too large for one byte array
     */
    static byte[] encode(Dataset data) {
        long values = (long) data.size() * (data.sampleSize() + 1);
        if (4 * values > Integer.MAX_VALUE - (1 << 20)) {
            throw new NnException("A data set of " + data.size() + " samples of shape " + data.sampleShape()
                    + " takes about " + 4 * values + " bytes, more than one Spark broadcast of a byte array holds "
                    + "(2 GiB); use fewer samples (--limit) or the local runner");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) (4 * values) + 4096);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(PortableDataset.of(data));
        } catch (IOException e) {
            throw new IllegalStateException("Writing to memory does not fail: " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * {@return the data set the bytes hold}
     *
     * @param bytes what {@link #encode} wrote
     * @throws NnException when the bytes are not exactly one encoded data set
     */
    static Dataset decode(byte[] bytes) {
        ByteArrayInputStream source = new ByteArrayInputStream(bytes);
        try (ObjectInputStream in = new ObjectInputStream(source)) {
            if (!(in.readObject() instanceof PortableDataset portable)) {
                throw corrupt(bytes.length, "they hold another kind of object");
            }
            if (source.available() > 0 || in.available() > 0) {
                throw corrupt(bytes.length, "more bytes follow the data set");
            }
            return portable.dataset();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw e instanceof NnException nn ? nn : corrupt(bytes.length, e.toString());
        }
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

    private static NnException corrupt(int length, String why) {
        return new NnException("The broadcast data set (" + length + " bytes) could not be read: " + why
                + "; it must be what nn-spark's driver encoded, so run the same nn version on the driver and the "
                + "executors");
    }
}
