package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    /**
     * y_true = [0, 0, 0, 1, 1, 2, 3], y_pred = [0, 0, 1, 1, 2, 2, 0]: by the definitions of scikit-learn's
     * precision_recall_fscore_support(zero_division=0), worked by hand. Class 3 is never predicted.
     */
    private static final long[][] COUNTS = {{2, 1, 0, 0}, {0, 1, 1, 0}, {0, 0, 1, 0}, {1, 0, 0, 0}};

    @Test
    void scoresFollowScikitLearnsDefinitions() {
        ClassificationReport r = ClassificationReport.of(COUNTS, List.of("a", "b", "c", "d"));
        double[] precision = {2 / 3.0, 1 / 2.0, 1 / 2.0, 0};
        double[] recall = {2 / 3.0, 1 / 2.0, 1, 0};
        double[] f1 = {2 / 3.0, 1 / 2.0, 2 / 3.0, 0};
        for (int c = 0; c < 4; c++) {
            assertEquals(precision[c], r.precision(c), 1e-15, "precision " + c);
            assertEquals(recall[c], r.recall(c), 1e-15, "recall " + c);
            assertEquals(f1[c], r.f1(c), 1e-15, "f1 " + c);
        }
        assertEquals(11 / 24.0, r.macroF1(), 1e-15);
        assertEquals(11 / 21.0, r.weightedF1(), 1e-15);
    }

    @Test
    void theTableHasARowPerClassAndTheAverages() {
        List<String> lines = ClassificationReport.of(COUNTS, List.of("cat", "dog", "eel", "fox")).toString()
                .lines().toList();
        assertEquals(List.of("class", "precision", "recall", "f1", "support"), List.of(lines.get(0).split("\\s+")));
        assertEquals(List.of("cat", "0.6667", "0.6667", "0.6667", "3"), List.of(lines.get(2).split("\\s+")));
        assertEquals(List.of("fox", "0.0000", "0.0000", "0.0000", "1"), List.of(lines.get(5).split("\\s+")));
        assertTrue(lines.get(6).startsWith("macro avg"), lines.get(6));
        assertTrue(lines.get(7).startsWith("weighted avg") && lines.get(7).endsWith(" 7"), lines.get(7));
    }
}
