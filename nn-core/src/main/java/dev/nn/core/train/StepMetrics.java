package dev.nn.core.train;

import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import dev.nn.core.data.Batch;

/**
 * The host side of a step's traffic: stages each batch into reused tensors (one write of inputs, one of targets)
 * and keeps each step's loss and correct-prediction count on the backend, in one tensor of {@code window} rows,
 * until {@link #flush()} reads them all at once. The epoch's sums are formed on the host in step order, in double,
 * exactly as if each step's loss had been read as it came.
 */
final class StepMetrics implements AutoCloseable {
    private final Backend backend;
    private final int window;
    private final TensorSlot inputs = new TensorSlot();
    private final TensorSlot targets = new TensorSlot();
    /** {@code [0, window)}: each pending step's mean loss; {@code [window, 2 window)}: its correct count. */
    private final Tensor values;
    private final int[] sizes;
    private final boolean[] counted;
    private int pending;
    private int epoch;
    private int batches;
    private int batch;
    private double lossSum;
    private long correct;
    private boolean classification;
    private int samples;

    StepMetrics(Backend backend, int window) {
        this.backend = backend;
        this.window = window;
        this.values = backend.zeros(Shape.of(2 * window));
        this.sizes = new int[window];
        this.counted = new boolean[window];
    }

    void startEpoch(int epoch, int batches) {
        this.epoch = epoch;
        this.batches = batches;
        batch = 0;
        pending = 0;
        lossSum = 0;
        correct = 0;
        classification = true;
        samples = 0;
    }

    /** @return the batch's features in a reused tensor (one host write) */
    Tensor inputs(Batch b) {
        Tensor x = inputs.get(backend, b.shape());
        backend.write(x, b.features());
        return x;
    }

    /** @return the batch's labels in a reused tensor (one host write) */
    Tensor targets(Batch b) {
        Tensor t = targets.get(backend, Shape.of(b.size()));
        backend.write(t, b.labels());
        return t;
    }

    /**
     * Keeps a step's measurements on the backend. Accuracy is counted when the output is {@code (N, C >= 2)} and
     * the targets are class indices; otherwise the epoch has no accuracy.
     *
     * @param loss the step's one-value mean loss
     * @param out the model output
     * @param labels the targets
     * @param size samples in the step
     */
    void record(Tensor loss, Tensor out, Tensor labels, int size) {
        backend.copy(values, pending, loss, 0, 1);
        boolean scores = out.shape().rank() == 2 && out.shape().dim(1) >= 2 && out.shape().dim(0) == size
                && labels.size() == size;
        if (scores) {
            backend.countCorrect(values, window + pending, out, labels, size, out.shape().dim(1));
        }
        sizes[pending] = size;
        counted[pending] = scores;
        pending++;
        batch++;
    }

    boolean windowFull() {
        return pending == window;
    }

    /** @return what the steps since the last flush measured, read with one host read */
    BatchRecord flush() {
        float[] v = backend.read(values);
        int first = batch - pending + 1;
        double windowLoss = 0;
        long windowCorrect = 0;
        int windowSamples = 0;
        boolean windowCounted = true;
        int firstNonFinite = 0;
        for (int i = 0; i < pending; i++) {
            if (firstNonFinite == 0 && !Float.isFinite(v[i])) {
                firstNonFinite = first + i;
            }
            double weighted = (double) v[i] * sizes[i];
            lossSum += weighted;
            windowLoss += weighted;
            samples += sizes[i];
            windowSamples += sizes[i];
            if (counted[i]) {
                correct += (long) v[window + i];
                windowCorrect += (long) v[window + i];
            } else {
                classification = false;
                windowCounted = false;
            }
        }
        pending = 0;
        return new BatchRecord(epoch, first, batch, batches, windowSamples, windowLoss / windowSamples,
                windowCounted ? (double) windowCorrect / windowSamples : Double.NaN, firstNonFinite);
    }

    double epochLoss() {
        return lossSum / samples;
    }

    double epochAccuracy() {
        return classification ? (double) correct / samples : Double.NaN;
    }

    int epochSamples() {
        return samples;
    }

    /** Returns the staging and metrics tensors to the backend. */
    @Override
    public void close() {
        inputs.free();
        targets.free();
        if (!backend.isClosed()) {
            backend.free(values);
        }
    }
}
