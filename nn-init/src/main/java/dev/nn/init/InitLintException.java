package dev.nn.init;

import java.util.List;

/** Thrown by {@link InitLint} in {@link LintMode#STRICT} mode; the message lists every finding. */
public class InitLintException extends InitException {
    private static final long serialVersionUID = 1L;

    /** The findings; records are serializable only if their fields are, so keep them out of serialization. */
    private final transient List<LintFinding> findings;

    /**
     * An error listing the findings.
     *
     * @param findings at least one
     */
    public InitLintException(List<LintFinding> findings) {
        super("Initialization lint found " + findings.size() + " problem" + (findings.size() == 1 ? "" : "s")
                + " (strict mode):\n  " + String.join("\n  ", findings.stream().map(LintFinding::message).toList()));
        this.findings = List.copyOf(findings);
    }

    /** {@return the findings} */
    public List<LintFinding> findings() {
        return findings;
    }
}
