package dev.nn.conformance;

/**
 * Collects the comparisons of one case and keeps the first mismatch, so a FAIL line shows where it went wrong:
 * {@code output=y_0 index=5 expected=0.1234 actual=0.1301}.
 */
public final class Verdict {
    private final String caseId;
    private String firstMismatch;

    /**
     * An empty verdict for one case.
     *
     * @param caseId the case being checked
     */
    public Verdict(String caseId) {
        this.caseId = caseId;
    }

    /**
     * Compares a computed tensor with a file's expected output at the file's tolerance for that output.
     *
     * @param file the golden file
     * @param output the output key
     * @param actual computed values, row-major
     * @return this
     */
    public Verdict compare(GoldenFile file, String output, float[] actual) {
        GoldenTensor expected = file.output(output);
        double[] a = new double[actual.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i];
        }
        return compare(output, expected.data(), a, file.tolerance(output));
    }

    /**
     * {@return this}
     *
     * @param label what is compared
     * @param expected reference values
     * @param actual computed values
     * @param tolerance the rule
     */
    public Verdict compare(String label, double[] expected, double[] actual, Tolerance tolerance) {
        if (firstMismatch != null) {
            return this;
        }
        if (expected.length != actual.length) {
            firstMismatch = "output=" + label + " size expected=" + expected.length + " actual=" + actual.length;
            return this;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!tolerance.accepts(expected[i], actual[i])) {
                firstMismatch = "output=" + label + " index=" + i + " expected=" + expected[i] + " actual="
                        + actual[i];
                return this;
            }
        }
        return this;
    }

    /**
     * {@return this}
     *
     * @param label what is compared
     * @param expected reference value
     * @param actual computed value
     * @param tolerance the rule
     */
    public Verdict compare(String label, double expected, double actual, Tolerance tolerance) {
        return compare(label, new double[] {expected}, new double[] {actual}, tolerance);
    }

    /**
     * Records a failure that is not a numeric mismatch (an error raised or not raised, a wrong message).
     *
     * @param detail what went wrong
     * @return this
     */
    public Verdict fail(String detail) {
        if (firstMismatch == null) {
            firstMismatch = detail;
        }
        return this;
    }

    /** {@return whether everything so far matched} */
    public boolean ok() {
        return firstMismatch == null;
    }

    /** {@return PASS, or FAIL with the first mismatch} */
    public CaseResult result() {
        return firstMismatch == null ? CaseResult.pass(caseId) : CaseResult.fail(caseId, firstMismatch);
    }
}
