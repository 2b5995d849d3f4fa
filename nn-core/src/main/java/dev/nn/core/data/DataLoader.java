package dev.nn.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Cuts a dataset into batches once per epoch, like PyTorch's {@code DataLoader(batch_size, shuffle, drop_last)}:
 * in order, or in a fresh random order drawn from the generator passed for each epoch (so a seeded generator gives
 * the same batches on every run). Without {@code dropLast} the last batch may be smaller.
 */
public final class DataLoader {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;

    /**
     * A loader over a dataset.
     *
     * @param dataset the samples
     * @param batchSize samples per batch, >= 1
     * @param shuffle draw a new order every epoch
     * @param dropLast skip a last batch smaller than {@code batchSize}
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, boolean dropLast) {
        if (batchSize < 1) {
            throw new DataException("batch_size must be >= 1, got " + batchSize);
        }
        if (dropLast && dataset.size() < batchSize) {
            throw new DataException("drop_last with batch_size " + batchSize + " leaves no batch from "
                    + dataset.size() + " samples; lower the batch size or keep the last batch");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
    }

    /** {@return the dataset} */
    public Dataset dataset() {
        return dataset;
    }

    /** {@return samples per full batch} */
    public int batchSize() {
        return batchSize;
    }

    /** {@return batches per epoch} */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * {@return the sample indices of each batch of one epoch}
     *
     * @param random the source of this epoch's order; may be null when not shuffling
     */
    public List<int[]> epochIndices(RandomGenerator random) {
        int n = dataset.size();
        int[] order;
        if (shuffle) {
            if (random == null) {
                throw new DataException("A shuffling DataLoader needs a RandomGenerator for each epoch; pass one "
                        + "derived from your seed");
            }
            order = permutation(n, random);
        } else {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }
        List<int[]> batches = new ArrayList<>(numBatches());
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            if (end - start < batchSize && dropLast) {
                break;
            }
            int[] idx = new int[end - start];
            System.arraycopy(order, start, idx, 0, idx.length);
            batches.add(idx);
        }
        return batches;
    }

    /**
     * {@return the batches of one epoch}
     *
     * @param random the source of this epoch's order; may be null when not shuffling
     */
    public List<Batch> epoch(RandomGenerator random) {
        List<Batch> out = new ArrayList<>();
        for (int[] idx : epochIndices(random)) {
            out.add(dataset.batch(idx));
        }
        return out;
    }

    /**
     * A uniformly random permutation (Fisher-Yates).
     *
     * @param n size
     * @param random the source of randomness
     * @return {@code 0..n-1} in random order
     */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
