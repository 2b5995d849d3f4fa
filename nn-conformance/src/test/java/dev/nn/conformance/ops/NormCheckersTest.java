package dev.nn.conformance.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.GoldenFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The norm checkers fail on wrong numbers, unchecked outputs, wrong or missing errors. */
class NormCheckersTest {
    private static final Backend SCALAR = Backends.select("scalar");

    /** A golden file whose parsed document can be edited (the JSON reader returns immutable collections). */
    private static GoldenFile golden(String name) {
        GoldenFile f = GoldenFile.read(Path.of(System.getProperty("nn.golden.dir"), name));
        return new GoldenFile(f.fileName(), map(mutable(f.root())));
    }

    private static Object mutable(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, mutable(v)));
            return copy;
        }
        if (o instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(mutable(v)));
            return copy;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void aPerturbedExpectedValueFails() {
        GoldenFile f = golden("layer_norm__x6x5_ns5_affine_eps1e-5.json");
        assertEquals(CaseResult.Status.PASS, new NormOps().run(f, SCALAR).getFirst().status());
        List<Object> data = list(map(map(f.root().get("outputs")).get("grad_weight")).get("data"));
        data.set(2, ((Number) data.get(2)).doubleValue() + 1e-3);
        CaseResult r = new NormOps().run(f, SCALAR).getFirst();
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertTrue(r.detail().startsWith("output=grad_weight index=2"), r.detail());
    }

    @Test
    void theCountOfBatchesIsLoadedAndCheckedExactly() {
        GoldenFile f = golden("batch_norm_train__4d_n3c4h3w4_affine_eps1e-3_mNone_3batches_nbt2.json");
        assertEquals(CaseResult.Status.PASS, new NormOps().run(f, SCALAR).getFirst().status());
        // momentum=None: the count loaded before the first batch sets the weight 1/(count + 1) of its statistics
        map(f.root().get("params")).put("num_batches_tracked_init", 0L);
        CaseResult fromZero = new NormOps().run(f, SCALAR).getFirst();
        assertEquals(CaseResult.Status.FAIL, fromZero.status());
        assertTrue(fromZero.detail().startsWith("output=running_mean_0 "), fromZero.detail());

        GoldenFile g = golden("batch_norm_train__2d_n8c4_affine_eps1e-5_m0.1.json");
        list(map(map(g.root().get("outputs")).get("num_batches_tracked_0")).get("data")).set(0, 2L);
        CaseResult counted = new NormOps().run(g, SCALAR).getFirst();
        assertEquals(CaseResult.Status.FAIL, counted.status());
        assertEquals("output=num_batches_tracked_0 index=0 expected=2.0 actual=1.0", counted.detail());
    }

    @Test
    void anOutputNobodyChecksFails() {
        GoldenFile f = golden("batch_norm_eval__2d_n6c4_affine_eps1e-5.json");
        Map<String, Object> outputs = map(f.root().get("outputs"));
        outputs.put("y_twice", outputs.get("y"));
        CaseResult r = new NormOps().run(f, SCALAR).getFirst();
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertEquals("output=y_twice was not checked", r.detail());
    }

    private static List<CaseResult> facts(Map<String, Object> c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("op", "error_facts");
        root.put("case_id", "facts");
        root.put("cases", new ArrayList<>(List.of(c)));
        return new ErrorFactsOp().run(new GoldenFile("facts.json", root), SCALAR);
    }

    @Test
    void errorFactsNeedTheKeyPhraseAndTheRightVerdict() {
        Map<String, Object> wrongPhrase = new LinkedHashMap<>(Map.of("id", "bn2d_wrong_rank", "raises", true,
                "key_phrase", "expected 5D input"));
        CaseResult r = facts(wrongPhrase).getFirst();
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertTrue(r.detail().startsWith("message lacks 'expected 5D input'"), r.detail());

        CaseResult silent = facts(Map.of("id", "bn1d_wrong_rank", "raises", false)).getFirst();
        assertEquals(CaseResult.Status.FAIL, silent.status());
        assertTrue(silent.detail().startsWith("nn raised where PyTorch does not"), silent.detail());

        CaseResult missing = facts(Map.of("id", "bn1d_eval_batch1_ok", "raises", true, "key_phrase", "x"))
                .getFirst();
        assertEquals(CaseResult.Status.FAIL, missing.status());
        assertTrue(missing.detail().startsWith("nn raised nothing"), missing.detail());

        CaseResult stricter = facts(Map.of("id", "bn2d_channel_mismatch_no_affine_no_stats", "raises", false))
                .getFirst();
        assertEquals(CaseResult.Status.PASS, stricter.status(), stricter.line());

        CaseResult unknown = facts(Map.of("id", "conv_teleport", "raises", true, "key_phrase", "x")).getFirst();
        assertEquals(CaseResult.Status.SKIP, unknown.status());
        assertEquals("facts/conv_teleport", unknown.caseId());
    }
}
