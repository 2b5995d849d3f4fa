package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Learning-curve sizes as scikit-learn 1.2.1's {@code _translate_train_sizes(np.array(sizes), n_max)} gives them
 * (values, messages and the de-duplication warning), and fractions as {@code np.linspace}.
 */
class TrainSizesTest {
    private static int[] resolve(TrainSizes sizes, int nMax, List<String> warnings) {
        return sizes.resolve(nMax, warnings);
    }

    @Test
    void linspaceEndsExactlyAtItsStop() {
        // np.linspace(0.1, 1.0, 4) = [0.1, 0.4, 0.7, 1.0]; of 10 samples: 1, 4, 7, 10
        assertArrayEquals(new int[] {1, 4, 7, 10}, TrainSizes.linspace(0.1, 1.0, 4).resolve(10));
        // np.linspace(0.5, 1.0, 1) = [0.5]
        assertArrayEquals(new int[] {5}, TrainSizes.linspace(0.5, 1.0, 1).resolve(10));
        assertArrayEquals(new int[] {2, 8}, TrainSizes.linspace(0.2, 0.8, 2).resolve(10));
    }

    @Test
    void fractionsUpToOneAreTruncatedAndClippedToOne() {
        assertArrayEquals(new int[] {10}, TrainSizes.fractions(1.0).resolve(10));
        assertArrayEquals(new int[] {1, 5}, TrainSizes.fractions(0.05, 0.5).resolve(10));
        SplitException zero = assertThrows(SplitException.class, () -> TrainSizes.fractions(0.0, 0.5).resolve(10));
        assertEquals("train_sizes has been interpreted as fractions of the maximum number of training samples and "
                + "must be within (0, 1], but is within [0.000000, 0.500000]. Use fractions in (0, 1] or "
                + "TrainSizes.counts(...).", zero.getMessage());
        SplitException above = assertThrows(SplitException.class, () -> TrainSizes.fractions(1.5).resolve(10));
        assertEquals("train_sizes has been interpreted as fractions of the maximum number of training samples and "
                + "must be within (0, 1], but is within [1.500000, 1.500000]. Use fractions in (0, 1] or "
                + "TrainSizes.counts(...).", above.getMessage());
    }

    @Test
    void countsUpToTheLargestFoldAreTakenAsTheyAre() {
        assertArrayEquals(new int[] {1, 10}, TrainSizes.counts(1, 10).resolve(10));
        assertEquals("train_sizes has been interpreted as absolute numbers of training samples and must be within (0, "
                + "10], but is within [0, 5]. The largest training fold has 10 samples.",
                assertThrows(SplitException.class, () -> TrainSizes.counts(0, 5).resolve(10)).getMessage());
        assertEquals("train_sizes has been interpreted as absolute numbers of training samples and must be within (0, "
                + "10], but is within [1, 11]. The largest training fold has 10 samples.",
                assertThrows(SplitException.class, () -> TrainSizes.counts(1, 11).resolve(10)).getMessage());
    }

    @Test
    void duplicatesAreDroppedWithScikitLearnsWarning() {
        String warning = "Removed duplicate entries from 'train_sizes'. Number of ticks will be less than the size of "
                + "'train_sizes': 2 instead of 3.";
        List<String> fromFractions = new ArrayList<>();
        assertArrayEquals(new int[] {1, 5}, resolve(TrainSizes.fractions(0.1, 0.11, 0.5), 10, fromFractions));
        assertEquals(List.of(warning), fromFractions);
        List<String> fromCounts = new ArrayList<>();
        assertArrayEquals(new int[] {2, 5}, resolve(TrainSizes.counts(5, 2, 2), 10, fromCounts));
        assertEquals(List.of(warning), fromCounts);
        List<String> none = new ArrayList<>();
        resolve(TrainSizes.counts(2, 5), 10, none);
        assertEquals(List.of(), none);
    }

    @Test
    void itSaysWhichKindOfSizesItHolds() {
        assertEquals("fractions[0.1, 0.5]", TrainSizes.fractions(0.1, 0.5).toString());
        assertEquals("counts[3, 7]", TrainSizes.counts(3, 7).toString());
    }
}
