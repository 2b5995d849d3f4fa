package dev.nn.conformance.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.GoldenOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyTorch's end-to-end training loops ({@code mlp_sgd_training__*.json}: Linear, BatchNorm1d or LayerNorm, Tanh,
 * Dropout(p=0), Linear, CrossEntropyLoss, SGD with momentum, 3 steps) run through the conformance runner on the
 * scalar backend with nn's real layers, loss and optimizer; and altered copies of the files must fail.
 */
class MlpTrainingOpTest {
    private static Path goldenFile(String name) {
        String dir = System.getProperty("nn.golden.dir");
        assertTrue(dir != null, "surefire sets nn.golden.dir to the repository's golden/ directory");
        Path file = Path.of(dir, "mlp_sgd_training__" + name + "_3steps.json");
        assertTrue(Files.isRegularFile(file), file + " is missing");
        return file;
    }

    private static CaseResult runOne(Path file) {
        List<CaseResult> results = new ConformanceRunner(GoldenOps.all()).runFile(file, Backends.select("scalar"));
        assertEquals(1, results.size(), results.toString());
        return results.getFirst();
    }

    /** Runs an edited copy of a golden file. */
    private static CaseResult runEdited(String name, String from, String to) throws IOException {
        String text = Files.readString(goldenFile(name));
        assertTrue(text.contains(from), "the file contains " + from);
        Path copy = Files.createTempFile("mlp_sgd_training", ".json");
        try {
            Files.writeString(copy, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
            return runOne(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm", "layernorm"})
    void theTrainingLoopMatchesPyTorch(String name) {
        CaseResult result = runOne(goldenFile(name));
        assertEquals(CaseResult.Status.PASS, result.status(), result::line);
        assertEquals("mlp_sgd_training__" + name + "_3steps", result.caseId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm", "layernorm"})
    void aChangedLearningRateFailsTheFinalWeights(String name) throws IOException {
        // the losses of step 0 do not depend on lr, but every later logit and final weight does
        CaseResult result = runEdited(name, "\"lr\": 0.1", "\"lr\": 0.11");
        assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
        assertNotEquals(-1, result.detail().indexOf("output="), result.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm", "layernorm"})
    void aWrongExpectedFinalBiasFails(String name) throws IOException {
        String text = Files.readString(goldenFile(name));
        int at = text.indexOf("\"final.fc2.bias\"", text.indexOf("\"outputs\""));
        int data = text.indexOf("\"data\": [", at) + "\"data\": [".length();
        String first = text.substring(data, text.indexOf(',', data));
        // 1e-3 off the PyTorch value, far beyond abs 1e-5 + rel 1e-4
        String wrong = Double.toString(Double.parseDouble(first) + 1e-3);
        Path copy = Files.createTempFile("mlp_sgd_training", ".json");
        try {
            Files.writeString(copy, text.substring(0, data) + wrong + text.substring(data + first.length()));
            CaseResult result = runOne(copy);
            assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
            assertTrue(result.detail().contains("output=final.fc2.bias index=0"), result.detail());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm", "layernorm"})
    void anOutputTheCheckerDoesNotKnowFailsTheCase(String name) throws IOException {
        CaseResult result = runEdited(name, "\"outputs\": {",
                "\"outputs\": {\"extra\": {\"shape\": [1], \"dtype\": \"float32\", \"data\": [0.0]}, ");
        assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
        assertEquals("output 'extra' of the file was left unchecked", result.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm", "layernorm"})
    void withoutMomentumTheLaterStepsFail(String name) throws IOException {
        // the first update is the same with or without momentum (buf = g), so loss[0] and loss[1] still match;
        // the second update adds 0.9 * buf, which loss[2] sees
        CaseResult result = runEdited(name, "\"momentum\": 0.9", "\"momentum\": 0.0");
        assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
        assertTrue(result.detail().startsWith("output=loss index=2 "), result.detail());
    }

    @Test
    void aModelOtherThanTheOpsFailsWithTheFieldAndTheExpectedLayer() throws IOException {
        CaseResult result = runEdited("batchnorm", "\"Tanh()\"", "\"ReLU()\"");
        assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
        assertTrue(result.detail().endsWith("field 'params.model[2]' is ReLU(); expected a layer matching Tanh()"),
                result.detail());
    }

    @Test
    void aNormNameThatContradictsTheModelFails() throws IOException {
        CaseResult result = runEdited("batchnorm", "\"norm\": \"batch_norm\"", "\"norm\": \"layer_norm\"");
        assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
        assertTrue(result.detail().endsWith("field 'params.norm' is 'layer_norm' but params.model lists "
                + "BatchNorm1d(5), which is 'batch_norm'"), result.detail());
    }

    @Test
    void theCountOfBatchesIsCheckedExactly() throws IOException {
        // PyTorch's int64 buffer is nn's host counter: loaded from init.*, counted by each training step, compared
        CaseResult loaded = runEdited("batchnorm", "\"init.norm.num_batches_tracked\": {\n   \"shape\": [],\n"
                + "   \"dtype\": \"int64\",\n   \"data\": [0]", "\"init.norm.num_batches_tracked\": {\n   "
                + "\"shape\": [],\n   \"dtype\": \"int64\",\n   \"data\": [5]");
        assertEquals(CaseResult.Status.FAIL, loaded.status(), loaded::line);
        assertEquals("output=final.norm.num_batches_tracked index=0 expected=3.0 actual=8.0", loaded.detail());

        String text = Files.readString(goldenFile("batchnorm"));
        String expected = "\"final.norm.num_batches_tracked\": {\n   \"shape\": [],\n   \"dtype\": \"int64\",\n"
                + "   \"data\": [3]";
        assertTrue(text.contains(expected), "the file holds " + expected);
        Path copy = Files.createTempFile("mlp_sgd_training", ".json");
        try {
            Files.writeString(copy, text.replace(expected, expected.replace("[3]", "[4]")));
            CaseResult counted = runOne(copy);
            assertEquals(CaseResult.Status.FAIL, counted.status(), counted::line);
            assertEquals("output=final.norm.num_batches_tracked index=0 expected=4.0 actual=3.0", counted.detail());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Test
    void theCounterKeepsItsPlaceAmongTheBuffers() throws IOException {
        CaseResult result = runEdited("batchnorm", "\"norm.running_mean\",\n   \"norm.running_var\",\n   "
                + "\"norm.num_batches_tracked\"", "\"norm.num_batches_tracked\",\n   \"norm.running_mean\",\n   "
                + "\"norm.running_var\"");
        assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
        assertTrue(result.detail().endsWith("and buffers [norm.running_mean, norm.running_var, "
                + "norm.num_batches_tracked]"), result.detail());
    }

    @Test
    void anInitEntryForNoModelStateFails() throws IOException {
        CaseResult result = runEdited("layernorm", "\"init.fc2.bias\"", "\"init.fc3.bias\"");
        assertEquals(CaseResult.Status.FAIL, result.status(), result::line);
        assertTrue(result.detail().contains("field 'inputs.init.fc3.bias' names no parameter or buffer of the model"),
                result.detail());
    }
}
