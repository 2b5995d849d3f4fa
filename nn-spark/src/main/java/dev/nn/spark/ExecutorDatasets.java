package dev.nn.spark;

import dev.nn.core.data.Dataset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The data sets this JVM has decoded, by the hash of their bytes: every task of a job on one executor shares one
 * decoded copy instead of decoding its own. Only the few most recent are kept, so a long-lived executor that runs
 * many jobs does not hold every data set it ever saw.
 */
final class ExecutorDatasets {
    /** Data sets kept per JVM: the current job's, plus a previous one still finishing. */
    static final int KEPT = 2;

    private static final Map<String, Dataset> BY_HASH = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Dataset> eldest) {
            return size() > KEPT;
        }
    };
    private static int decodes;

    private ExecutorDatasets() {
    }

    /**
     * {@return the data set of that hash, decoded now if this JVM has not decoded it yet}
     *
     * @param hash the bytes' hash ({@link DatasetCodec#hash})
     * @param bytes the encoded data set, read only when it is not decoded yet
     */
    static synchronized Dataset get(String hash, Supplier<byte[]> bytes) {
        Dataset data = BY_HASH.get(hash);
        if (data == null) {
            data = DatasetCodec.decode(bytes.get());
            decodes++;
            BY_HASH.put(hash, data);
        }
        return data;
    }

    /** {@return how many times this JVM decoded a data set} */
    static synchronized int decodes() {
        return decodes;
    }
}
