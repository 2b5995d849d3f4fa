package dev.nn.conformance.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.Fields;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenOps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DropoutFactsOpTest {
    private static final Backend SCALAR = Backends.select("scalar");

    private static Path facts() {
        String dir = System.getProperty("nn.golden.dir");
        assertTrue(dir != null && !dir.isBlank(), "surefire sets nn.golden.dir to the repository's golden/");
        return Path.of(dir, "dropout_facts.json");
    }

    @Test
    void everyDropoutFactPassesAndNoneIsSkipped() {
        List<CaseResult> results = new ConformanceRunner(GoldenOps.all()).runFile(facts(), SCALAR);
        results.forEach(r -> System.out.println(r.line()));
        // 5 scales, 5 special-value calls, 7 error facts, Dropout2d planes + 3-D rows + 2-D warning
        assertEquals(20, results.size());
        for (CaseResult r : results) {
            assertEquals(CaseResult.Status.PASS, r.status(), r.line());
        }
    }

    /** Runs the op on the file after one edit and returns the result of the named fact. */
    private static CaseResult afterEdit(String caseSuffix, Consumer<Map<String, Object>> edit) {
        Map<String, Object> root = Fields.asObject((Map<?, ?>) mutableCopy(GoldenFile.read(facts()).root()), "root");
        edit.accept(root);
        GoldenFile file = new GoldenFile("dropout_facts.json", root);
        return new DropoutFactsOp().run(file, SCALAR).stream()
                .filter(r -> r.caseId().startsWith("dropout_facts/" + caseSuffix))
                .findFirst().orElseThrow();
    }

    /** The parser's maps and lists are read-only; the edits need copies. */
    private static Object mutableCopy(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, mutableCopy(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(mutableCopy(v)));
            return copy;
        }
        return node;
    }

    private static Map<String, Object> item(Map<String, Object> root, String list, int index) {
        return Fields.objects(root, list, list).get(index);
    }

    @Test
    void aWrongExpectationFailsItsFact() {
        // if the golden file said otherwise, the op would notice: each edit breaks exactly the fact it touches
        CaseResult scale = afterEdit("scale[0]", root -> item(root, "scale", 0).put("scale_f32", 1.1111111111111112));
        assertEquals(CaseResult.Status.FAIL, scale.status(), scale.line());

        CaseResult signOfZero = afterEdit("special_values[1]", root -> {
            @SuppressWarnings("unchecked")
            List<Object> y = (List<Object>) item(root, "special_values", 1).get("y");
            y.set(1, 0.0);          // PyTorch gives -0.0 for -2.0 * 0
        });
        assertEquals(CaseResult.Status.FAIL, signOfZero.status(), signOfZero.line());

        CaseResult message = afterEdit("errors[1]",
                root -> item(root, "errors", 1).put("message", "probability must be in [0, 1], got 1.5"));
        assertEquals(CaseResult.Status.FAIL, message.status(), message.line());

        CaseResult raises = afterEdit("errors[5]", root -> {
            Map<String, Object> fact = item(root, "errors", 5);
            fact.put("raises", true);
            fact.put("exception_type", "ValueError");
            fact.put("message", "dropout probability has to be between 0 and 1, but got 1.0");
        });
        assertEquals(CaseResult.Status.FAIL, raises.status(), raises.line());

        CaseResult warning = afterEdit("dropout2d/input_2d", root -> {
            Map<String, Object> dropout2d = Fields.object(root, "dropout2d", "dropout2d");
            Map<String, Object> d2 = Fields.object(dropout2d, "input_2d", "input_2d");
            d2.put("warnings", List.of());
        });
        assertEquals(CaseResult.Status.FAIL, warning.status(), warning.line());
    }
}
