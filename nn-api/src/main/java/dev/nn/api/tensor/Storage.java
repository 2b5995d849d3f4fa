package dev.nn.api.tensor;

/**
 * The memory behind a tensor. It belongs to the backend that allocated it: host backends share
 * {@link HostStorage} (a heap {@code float[]}), a device backend keeps its own handle.
 */
public interface Storage {
    /** {@return how many float32 values the storage holds} */
    int capacity();
}
