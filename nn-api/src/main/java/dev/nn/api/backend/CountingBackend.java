package dev.nn.api.backend;

import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend decorator that counts host traffic and allocations: host reads ({@link #read}, {@link #sum},
 * {@link #sumOfSquares}, the dropout family's {@code absSum}), host writes ({@link #write}, {@link #tensor}) and
 * allocations ({@link #zeros}, {@link #tensor}) with their bytes, and frees. Everything else goes straight to the
 * wrapped backend ({@link ForwardingBackend}).
 * Tests use it to prove that a steady-state training step does no host reads, two host writes (inputs and
 * targets) and no allocations; an application can use it to find the synchronizations in its loop.
 */
public final class CountingBackend extends ForwardingBackend {
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final AtomicLong frees = new AtomicLong();
    private final DropoutKernels dropout;

    /**
     * A counting wrapper; all counts start at zero.
     *
     * @param inner the backend that does the work
     */
    public CountingBackend(Backend inner) {
        super(inner);
        this.dropout = countingDropout(inner);
    }

    /**
     * The counts so far.
     *
     * @param hostReads values brought to the host
     * @param hostWrites values sent from the host
     * @param allocations tensors allocated
     * @param allocatedBytes their bytes
     * @param frees tensors freed
     */
    public record Counts(long hostReads, long hostWrites, long allocations, long allocatedBytes, long frees) {
        /**
         * {@return what happened since}
         *
         * @param before counts taken earlier
         */
        public Counts minus(Counts before) {
            return new Counts(hostReads - before.hostReads, hostWrites - before.hostWrites,
                    allocations - before.allocations, allocatedBytes - before.allocatedBytes, frees - before.frees);
        }
    }

    /** {@return the counts so far} */
    public Counts counts() {
        return new Counts(reads.get(), writes.get(), allocations.get(), allocatedBytes.get(), frees.get());
    }

    @Override
    protected Tensor adopt(Tensor t) {
        allocations.incrementAndGet();
        allocatedBytes.addAndGet((long) Float.BYTES * t.storage().capacity());
        return super.adopt(t);
    }

    @Override
    public Tensor tensor(Shape shape, float[] values) {
        writes.incrementAndGet();
        return super.tensor(shape, values);
    }

    @Override
    public void free(Tensor t) {
        frees.incrementAndGet();
        super.free(t);
    }

    @Override
    public float[] read(Tensor src) {
        reads.incrementAndGet();
        return super.read(src);
    }

    @Override
    public void write(Tensor dst, float[] values) {
        writes.incrementAndGet();
        super.write(dst, values);
    }

    @Override
    public double sum(Tensor x) {
        reads.incrementAndGet();
        return super.sum(x);
    }

    @Override
    public double sumOfSquares(Tensor x) {
        reads.incrementAndGet();
        return super.sumOfSquares(x);
    }

    @Override
    public DropoutKernels dropout() {
        return dropout;
    }

    /** The dropout family of the inner backend, with its one host read counted; resolved lazily (it may be absent). */
    private DropoutKernels countingDropout(Backend b) {
        return new DropoutKernels() {
            private DropoutKernels k() {
                return b.dropout();
            }

            @Override
            public void bernoulliForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
                k().bernoulliForward(y, x, key, p, group);
            }

            @Override
            public void bernoulliBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
                k().bernoulliBackward(dx, dy, key, p, group);
            }

            @Override
            public void keepMask(Tensor mask, NoiseKey key, double p, int group, long first) {
                k().keepMask(mask, key, p, group, first);
            }

            @Override
            public void alphaForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
                k().alphaForward(y, x, key, p, group);
            }

            @Override
            public void alphaBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
                k().alphaBackward(dx, dy, key, p, group);
            }

            @Override
            public void normalNoise(Tensor out, NoiseKey key, float mean, float stddev, long first) {
                k().normalNoise(out, key, mean, stddev, first);
            }

            @Override
            public double absSum(Tensor x) {
                reads.incrementAndGet();
                return k().absSum(x);
            }

            @Override
            public void signAxpy(Tensor dx, float lambda, Tensor x) {
                k().signAxpy(dx, lambda, x);
            }

            @Override
            public void maxNormRows(Tensor w, int rows, int cols, float maxNorm, float eps) {
                k().maxNormRows(w, rows, cols, maxNorm, eps);
            }
        };
    }
}
