package dev.nn.cli.bench;

/**
 * One thing {@code nn bench} measures: a piece of work and how much of what limits it one run does.
 *
 * @param name {@code kind/shape}, e.g. {@code bn2d_train_fwd/32x64x56x56}
 * @param limit what bounds it: memory bandwidth (the work is bytes), FMA throughput (the work is floating-point
 *              operations), or nothing measured (an end-to-end step; the work is samples)
 * @param work bytes, operations or samples of one run
 * @param run one run
 */
record BenchCase(String name, Limit limit, double work, Runnable run) {
    /** What bounds a case, and so which machine limit its rate is compared with. */
    enum Limit {
        /** One read stream and one write stream: compared with the 1R+1W bandwidth. */
        READ_WRITE,
        /** Two read streams and one write stream (forward and backward): compared with the 2R+1W bandwidth. */
        TWO_READS_ONE_WRITE,
        /** Floating-point operations: compared with the FMA peak of the threads used. */
        FLOPS,
        /** A training step: samples per second, no limit. */
        SAMPLES
    }
}
