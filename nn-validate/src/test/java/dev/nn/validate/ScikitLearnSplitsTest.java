package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Splits compared index by index with scikit-learn 1.2 (vectors written by src/test/python/make_split_vectors.py). */
class ScikitLearnSplitsTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> vectors() throws IOException {
        try (InputStream in = ScikitLearnSplitsTest.class.getResourceAsStream("sklearn_splits.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> (int) (long) (Long) o).toArray();
    }

    private static Splitter splitter(Map<String, Object> c) {
        int k = c.containsKey("n_splits") ? (int) (long) (Long) c.get("n_splits") : 0;
        return switch ((String) c.get("splitter")) {
            case "GroupKFold" -> new GroupKFold(k);
            case "StratifiedGroupKFold" -> new StratifiedGroupKFold(k);
            case "StratifiedKFold" -> new StratifiedKFold(k);
            case "KFold" -> new KFold(k);
            case "TimeSeriesSplit" -> new TimeSeriesSplit(k, c.get("max_train_size") == null ? null
                    : (int) (long) (Long) c.get("max_train_size"), c.get("test_size") == null ? null
                    : (int) (long) (Long) c.get("test_size"), (int) (long) (Long) c.get("gap"));
            case "LeaveOneOut" -> new LeaveOneOut();
            default -> throw new AssertionError(c.get("splitter"));
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySplitterReproducesScikitLearnIndexForIndex() throws IOException {
        List<Map<String, Object>> cases = (List<Map<String, Object>>) vectors().get("cases");
        assertEquals(120, cases.size());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Object> c = cases.get(i);
            int n = (int) (long) (Long) c.get("n_samples");
            Samples samples = new Samples(n, c.containsKey("y") ? ints(c.get("y")) : null,
                    c.containsKey("groups") ? ints(c.get("groups")) : null);
            SplitPlan plan = splitter(c).split(samples);
            List<Map<String, Object>> folds = (List<Map<String, Object>>) c.get("folds");
            List<Split> expected = folds.stream().map(f -> new Split(ints(f.get("train")), ints(f.get("test"))))
                    .toList();
            if (!expected.equals(plan.splits())) {
                mismatches.add("case " + i + " " + c.get("splitter"));
            }
            if (!c.get("warnings").equals(plan.warnings())) {
                mismatches.add("case " + i + " warnings " + c.get("warnings") + " vs " + plan.warnings());
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    @SuppressWarnings("unchecked")
    void argsortBreaksTiesExactlyAsNumpysIntrosort() throws IOException {
        List<Map<String, Object>> cases = (List<Map<String, Object>>) vectors().get("argsort");
        assertEquals(21, cases.size());
        for (Map<String, Object> c : cases) {
            long[] values = java.util.Arrays.stream(ints(c.get("values"))).asLongStream().toArray();
            assertEquals(java.util.Arrays.toString(ints(c.get("argsort"))),
                    java.util.Arrays.toString(NumpySort.argsort(values)), "values " + c.get("values"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sumsAndStdFollowNumpysPairwiseOrder() throws IOException {
        for (Map<String, Object> c : (List<Map<String, Object>>) vectors().get("sums")) {
            double[] v = ((List<?>) c.get("values")).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
            assertEquals((double) c.get("sum"), NumpyStats.sum(v), 0.0);
            assertEquals((double) c.get("std"), NumpyStats.std(v), 0.0);
        }
        List<Map<String, Object>> sums = (List<Map<String, Object>>) vectors().get("sums");
        assertTrue(!sums.getLast().get("sum").equals(sums.getLast().get("sequential_sum")),
                "the 300-value case must tell pairwise from left-to-right summation");
    }

    @Test
    @SuppressWarnings("unchecked")
    void errorMessagesContainScikitLearnsText() throws IOException {
        Map<String, String> errors = (Map<String, String>) vectors().get("errors");
        assertMessage(errors.get("group_kfold_too_few_groups"),
                () -> new GroupKFold(3).split(Samples.grouped(new int[] {1, 1, 2, 2, 1, 2})));
        assertMessage(errors.get("time_series_too_many_folds"), () -> new TimeSeriesSplit(5).split(Samples.of(5)));
        assertMessage(errors.get("time_series_too_many_splits"),
                () -> new TimeSeriesSplit(3, null, 4, 1).split(Samples.of(12)));
        assertMessage(errors.get("leave_one_out_one_sample"), () -> new LeaveOneOut().split(Samples.of(1)));
        assertMessage(errors.get("seed_without_shuffle"), () -> new KFold(3, false, 0L));
        assertMessage(errors.get("seed_without_shuffle"), () -> new StratifiedKFold(3, false, 7L));
        assertMessage(errors.get("seed_without_shuffle"),
                () -> HoldOut.builder().optSeed(3).build());
        assertMessage(errors.get("stratified_group_too_many_splits"),
                () -> new StratifiedGroupKFold(4).split(new Samples(6, new int[] {0, 0, 0, 1, 1, 1},
                        new int[] {0, 1, 2, 3, 4, 5})));
    }

    private static void assertMessage(String sklearnText, Runnable call) {
        SplitException e = assertThrows(SplitException.class, call::run);
        assertTrue(e.getMessage().contains(sklearnText), () -> "'" + e.getMessage() + "' lacks '" + sklearnText + "'");
    }
}
