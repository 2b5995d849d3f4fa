package dev.nn.conformance;

/**
 * The outcome of one golden case.
 *
 * @param caseId the case's id (a file's {@code case_id}, or {@code file/fact} for fact files)
 * @param status pass, fail or skip
 * @param detail for FAIL the first mismatch (output, index, expected, actual) or the error; for SKIP the reason
 */
public record CaseResult(String caseId, Status status, String detail) {
    /** The verdict. */
    public enum Status {
        /** Every checked value is within tolerance. */
        PASS,
        /** A value is out of tolerance, an expected error was not raised, or the file is broken. */
        FAIL,
        /** Not checked (an op the project does not support yet); never counted as a pass. */
        SKIP
    }

    /**
     * {@return a pass}
     *
     * @param caseId the case
     */
    public static CaseResult pass(String caseId) {
        return new CaseResult(caseId, Status.PASS, "");
    }

    /**
     * {@return a failure}
     *
     * @param caseId the case
     * @param detail the first mismatch
     */
    public static CaseResult fail(String caseId, String detail) {
        return new CaseResult(caseId, Status.FAIL, detail);
    }

    /**
     * {@return a skip}
     *
     * @param caseId the case
     * @param reason why it was not checked
     */
    public static CaseResult skip(String caseId, String reason) {
        return new CaseResult(caseId, Status.SKIP, reason);
    }

    /** {@return one report line: {@code PASS id}, {@code FAIL id detail}, {@code SKIP id reason}} */
    public String line() {
        return detail.isEmpty() ? status + " " + caseId : status + " " + caseId + " " + detail;
    }
}
