package dev.nn.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.GoldenOps;
import dev.nn.host.scalar.ScalarBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden file (PyTorch and scikit-learn reference vectors) through the conformance runner
 * ({@code nn conformance}) on the backend under test: one test per file. A backend's own tests subclass it and
 * name their provider.
 *
 * <pre>{@code
 * class CudaGoldenTest extends GoldenTestKit {
 *     @Override
 *     protected String providerName() {
 *         return "cuda";
 *     }
 * }
 * }</pre>
 *
 * <p>A case that FAILs fails its file's test. The runner SKIPs a case nn has no equivalent for; a backend may skip
 * only the cases the scalar reference skips too (otherwise the test fails), and a file whose cases are all skipped
 * is reported as a skipped test with the runner's reasons.
 *
 * <p>The golden directory is the system property {@value #GOLDEN_DIR_PROPERTY} (the repository's {@code golden/};
 * the build passes it to tests), or {@link #goldenDirectory()} overridden. A missing directory fails the test.
 * Provider selection is as in {@link BackendTestKit}: not installed fails, unavailable skips with the reason.
 */
public abstract class GoldenTestKit {
    /** The system property naming the golden directory. */
    public static final String GOLDEN_DIR_PROPERTY = "nn.golden.dir";

    private final ConformanceRunner runner = new ConformanceRunner(GoldenOps.all());
    private Backend backend;
    private Backend reference;

    /** For subclasses. */
    protected GoldenTestKit() {
    }

    /** {@return the name of the provider under test, as in {@code -Dnn.backend=NAME}} */
    protected abstract String providerName();

    /** {@return the settings the backend under test is created with; by default two threads} */
    protected BackendConfig config() {
        return new BackendConfig(2);
    }

    /**
     * Creates the backend under test; by default the provider named {@link #providerName()}, found as
     * applications find it. Override only to test an instance built another way.
     *
     * @param config the settings
     * @return a new backend; the kit closes it after the tests
     */
    protected Backend createBackend(BackendConfig config) {
        return ProviderUnderTest.open(providerName(), config, Backends.statuses(), Backends::select);
    }

    /** {@return the directory of golden JSON files; by default the system property {@value #GOLDEN_DIR_PROPERTY}} */
    protected Path goldenDirectory() {
        String dir = System.getProperty(GOLDEN_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            fail("System property " + GOLDEN_DIR_PROPERTY + " must name the directory of golden files (the "
                    + "repository's golden/): pass -D" + GOLDEN_DIR_PROPERTY + "=DIR to the test JVM (surefire "
                    + "systemPropertyVariables), or override goldenDirectory()");
        }
        return Path.of(dir);
    }

    @BeforeEach
    final void openBackends() {
        reference = new ScalarBackend();
        backend = createBackend(config());
        assertNotNull(backend, "createBackend returned null");
    }

    @AfterEach
    final void closeBackends() {
        if (backend != null) {
            backend.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    /** The backend is the one asked for, and the golden directory holds golden files. */
    @Test
    void goldenFilesAreThere() {
        assertEquals(providerName(), backend.name());
        assertFalse(goldenFiles().isEmpty(), "no golden files (*.json but index.json) in " + goldenDirectory());
    }

    /**
     * @return one test per golden file: no case may fail, and a case may be skipped only where the scalar
     *         reference skips it too
     */
    @TestFactory
    Stream<DynamicTest> everyGoldenFile() {
        return goldenFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                file.toUri(), () -> check(file)));
    }

    private void check(Path file) {
        List<CaseResult> results = runner.runFile(file, backend);
        List<String> failed = results.stream().filter(r -> r.status() == CaseResult.Status.FAIL)
                .map(CaseResult::line).toList();
        if (!failed.isEmpty()) {
            fail(backend.name() + " fails " + failed.size() + " of " + results.size() + " cases of " + file
                    .getFileName() + ":\n" + String.join("\n", failed));
        }
        List<CaseResult> skipped = results.stream().filter(r -> r.status() == CaseResult.Status.SKIP).toList();
        if (skipped.isEmpty()) {
            return;
        }
        List<String> supported = runner.runFile(file, reference).stream()
                .filter(r -> r.status() == CaseResult.Status.PASS)
                .map(CaseResult::caseId)
                .filter(id -> skipped.stream().anyMatch(s -> s.caseId().equals(id)))
                .toList();
        if (!supported.isEmpty()) {
            fail(backend.name() + " skips cases the scalar reference passes: " + supported);
        }
        if (skipped.size() == results.size()) {
            Assumptions.abort("not checked, as on the scalar reference: "
                    + String.join("; ", skipped.stream().map(CaseResult::line).toList()));
        }
    }

    private List<Path> goldenFiles() {
        Path dir = goldenDirectory();
        if (!Files.isDirectory(dir)) {
            fail("Golden directory " + dir + " does not exist or is not a directory; set " + GOLDEN_DIR_PROPERTY
                    + " to the repository's golden/ directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("index.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list golden directory " + dir, e);
        }
    }
}
