package dev.nn.conformance;

import dev.nn.api.backend.Backend;
import java.util.List;
import java.util.Set;

/** Checks the golden files of some ops against nn. One implementation per family of ops. */
public interface GoldenOp {
    /** {@return the {@code op} values this checker handles} */
    Set<String> ops();

    /**
     * {@return one result per case (fact files may hold many)}
     *
     * @param file a file whose op is in {@link #ops()}
     * @param backend the backend under test
     * @throws GoldenFormatException when the file lacks what the op needs
     */
    List<CaseResult> run(GoldenFile file, Backend backend);
}
