package dev.nn.conformance.ops;

import dev.nn.api.tensor.Shape;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.Verdict;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Compares computed tensors with a file's outputs and remembers which outputs were compared, so a case whose file
 * holds an output the checker never looked at fails instead of passing unnoticed.
 */
final class CheckedOutputs {
    private final GoldenFile file;
    private final Verdict verdict;
    private final Set<String> checked = new LinkedHashSet<>();

    CheckedOutputs(GoldenFile file, Verdict verdict) {
        this.file = file;
        this.verdict = verdict;
    }

    /** Compares shape and values of one output; an output the file lacks is a failure. */
    void compare(String output, Shape shape, float[] actual) {
        if (!file.hasOutput(output)) {
            verdict.fail("the checker computed '" + output + "' but the file has no such output");
            return;
        }
        checked.add(output);
        Shape expected = file.output(output).toShape();
        if (!expected.equals(shape)) {
            verdict.fail("output=" + output + " shape expected=" + expected + " actual=" + shape);
            return;
        }
        verdict.compare(file, output, actual);
    }

    /**
     * Compares a host counter (BatchNorm's {@code num_batches_tracked}) with a scalar output, without rounding it to
     * float32; an output the file lacks is a failure.
     */
    void compare(String output, long actual) {
        if (!file.hasOutput(output)) {
            verdict.fail("the checker computed '" + output + "' but the file has no such output");
            return;
        }
        checked.add(output);
        Shape expected = file.output(output).toShape();
        if (!expected.equals(Shape.of())) {
            verdict.fail("output=" + output + " shape expected=" + expected + " actual=" + Shape.of() + " (a counter)");
            return;
        }
        verdict.compare(output, file.output(output).data(), new double[] {actual}, file.tolerance(output));
    }

    /** Fails the case for every file output that {@link #compare} never saw. */
    void requireAllChecked() {
        for (String output : file.outputNames()) {
            if (!checked.contains(output)) {
                verdict.fail("output '" + output + "' of the file was left unchecked");
            }
        }
    }
}
