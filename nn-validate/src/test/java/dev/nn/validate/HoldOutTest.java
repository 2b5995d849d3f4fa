package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Hold-out sizes and their errors as scikit-learn 1.2.1's {@code train_test_split} gives them (values and messages
 * from {@code train_test_split(np.arange(n), ...)}), per-class counts as its {@code StratifiedShuffleSplit} draws
 * them ({@code np.bincount(y[train])} over 30 seeds: always the same), and {@code _approximate_mode}'s allocation.
 */
class HoldOutTest {
    private static String sizeError(int n, SizeSpec test, SizeSpec train) {
        return assertThrows(SplitException.class, () -> HoldOutSizes.of(n, test, train)).getMessage();
    }

    @Test
    void sizesAsTrainTestSplitGivesThem() {
        assertEquals(new HoldOutSizes(7, 0, 3), HoldOutSizes.of(10, null, null));
        assertEquals(new HoldOutSizes(7, 0, 3), HoldOutSizes.of(10, null, SizeSpec.fraction(0.75)));
        assertEquals(new HoldOutSizes(5, 0, 5), HoldOutSizes.of(10, SizeSpec.fraction(0.5), SizeSpec.fraction(0.5)));
        assertEquals(new HoldOutSizes(1, 0, 9), HoldOutSizes.of(10, SizeSpec.count(9), SizeSpec.count(1)));
        assertEquals(new HoldOutSizes(9, 0, 1), HoldOutSizes.of(10, SizeSpec.count(1), SizeSpec.count(9)));
    }

    @Test
    void badSizesGetScikitLearnsMessages() {
        assertEquals("The sum of test_size and train_size = 1.1, should be in the (0, 1) range. Reduce test_size "
                + "and/or train_size.", sizeError(10, SizeSpec.fraction(0.5), SizeSpec.fraction(0.6)));
        assertEquals("The sum of train_size and test_size = 11, should be smaller than the number of samples 10. "
                + "Reduce test_size and/or train_size.", sizeError(10, SizeSpec.count(6), SizeSpec.count(5)));
        assertEquals("test_size=0 should be either positive and smaller than the number of samples 10 or a float in "
                + "the (0, 1) range", sizeError(10, SizeSpec.count(0), null));
        assertEquals("test_size=10 should be either positive and smaller than the number of samples 10 or a float in "
                + "the (0, 1) range", sizeError(10, SizeSpec.count(10), null));
        assertEquals("train_size=10 should be either positive and smaller than the number of samples 10 or a float in"
                + " the (0, 1) range", sizeError(10, null, SizeSpec.count(10)));
        assertEquals("test_size=1.0 should be either positive and smaller than the number of samples 10 or a float in"
                + " the (0, 1) range", sizeError(10, SizeSpec.fraction(1.0), null));
        assertTrue(sizeError(10, SizeSpec.fraction(0.0), null).startsWith("test_size=0.0 should be"));
        assertTrue(sizeError(10, null, SizeSpec.fraction(1.0)).startsWith("train_size=1.0 should be"));
        assertEquals("With n_samples=1, test_size=0.5 and train_size=None, the resulting train set will be empty. "
                + "Adjust any of the aforementioned parameters.", sizeError(1, SizeSpec.fraction(0.5), null));
    }

    private static String validationError(SizeSpec validation) {
        return assertThrows(SplitException.class,
                () -> HoldOut.builder().optValidationSize(validation).build().sizes(10)).getMessage();
    }

    @Test
    void theValidationSizeMustBeAProperFractionOrCount() {
        String rule = " should be either positive and smaller than the number of samples 10 or a float in the (0, 1)"
                + " range";
        assertEquals("validation_size=0.0" + rule, validationError(SizeSpec.fraction(0)));
        assertEquals("validation_size=1.0" + rule, validationError(SizeSpec.fraction(1)));
        assertEquals("validation_size=0" + rule, validationError(SizeSpec.count(0)));
        assertEquals("validation_size=10" + rule, validationError(SizeSpec.count(10)));
        // 7 training samples (test 0.25 of 10 is 3): a validation set of 7 leaves none
        assertEquals("validation_size=7 takes 7 of the 7 training samples and leaves none to train on. Reduce "
                + "validation_size or test_size.", validationError(SizeSpec.count(7)));
        assertEquals(new HoldOutSizes(1, 6, 3), HoldOut.builder().optValidationSize(SizeSpec.count(6)).build()
                .sizes(10));
        // ceil(0.01 * 10) = 1
        assertEquals(new HoldOutSizes(6, 1, 3), HoldOut.builder().optValidationSize(SizeSpec.fraction(0.01)).build()
                .sizes(10));
    }

    @Test
    void aShuffledSplitIsASeededPermutationCutIntoThree() {
        HoldOut h = HoldOut.builder().optTestSize(SizeSpec.count(30)).optTrainSize(SizeSpec.count(70))
                .optValidationSize(SizeSpec.count(10)).optShuffle(true).optSeed(11).build();
        HoldOutSplit s = h.split(Samples.of(100));
        assertEquals(60, s.train().length);
        assertEquals(10, s.validation().length);
        assertEquals(30, s.test().length);
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())),
                Arrays.stream(s.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all, "the three parts cover every sample once");
        assertFalse(Arrays.equals(IntStream.range(0, 30).toArray(), s.test()), "the test part is shuffled");
        assertEquals(s, h.split(Samples.of(100)), "the same seed gives the same split");
        assertNotEquals(s, HoldOut.builder().optTestSize(SizeSpec.count(30)).optTrainSize(SizeSpec.count(70))
                .optValidationSize(SizeSpec.count(10)).optShuffle(true).optSeed(12).build().split(Samples.of(100)));
        assertEquals("HoldOut(test_size=30, train_size=70, validation_size=10, shuffle=true, stratify=false)",
                h.toString());
        assertEquals("HoldOut(test_size=None, train_size=None, validation_size=None, shuffle=false, stratify=false)",
                HoldOut.builder().build().toString());
    }

    private static int[] labels(int... perClass) {
        return IntStream.range(0, perClass.length).flatMap(c -> IntStream.generate(() -> c).limit(perClass[c]))
                .toArray();
    }

    private static int[] perClass(int[] part, int[] y, int classes) {
        int[] counts = new int[classes];
        for (int i : part) {
            counts[y[i]]++;
        }
        return counts;
    }

    private static HoldOutSplit stratified(int[] y, HoldOut.Builder b) {
        return b.optShuffle(true).optSeed(5).optStratify(true).build().split(Samples.labeled(y));
    }

    @Test
    void stratifiedPartsHaveScikitLearnsClassCounts() {
        // y = 5 x 0, 3 x 1, 2 x 2, test_size=0.3: train [4, 2, 1], test [1, 1, 1] (test = number of classes)
        int[] y = labels(5, 3, 2);
        HoldOutSplit a = stratified(y, HoldOut.builder().optTestSize(SizeSpec.fraction(0.3)));
        assertArrayEquals(new int[] {4, 2, 1}, perClass(a.train(), y, 3));
        assertArrayEquals(new int[] {1, 1, 1}, perClass(a.test(), y, 3));
        // 4 of each, train_size=3, test_size=3: one of each (train = number of classes)
        int[] even = labels(4, 4, 4);
        HoldOutSplit b = stratified(even, HoldOut.builder().optTestSize(SizeSpec.count(3))
                .optTrainSize(SizeSpec.count(3)));
        assertArrayEquals(new int[] {1, 1, 1}, perClass(b.train(), even, 3));
        assertArrayEquals(new int[] {1, 1, 1}, perClass(b.test(), even, 3));
        // 6, 3, 3 with test_size=0.25: train [5, 2, 2], test [1, 1, 1]
        int[] c = labels(6, 3, 3);
        HoldOutSplit cs = stratified(c, HoldOut.builder().optTestSize(SizeSpec.fraction(0.25)));
        assertArrayEquals(new int[] {5, 2, 2}, perClass(cs.train(), c, 3));
        assertArrayEquals(new int[] {1, 1, 1}, perClass(cs.test(), c, 3));
        // two members are enough for a class: one each side
        int[] two = labels(2, 2);
        HoldOutSplit e = stratified(two, HoldOut.builder().optTestSize(SizeSpec.count(2)));
        assertArrayEquals(new int[] {1, 1}, perClass(e.train(), two, 2));
        assertArrayEquals(new int[] {1, 1}, perClass(e.test(), two, 2));
    }

    @Test
    void aStratifiedValidationPartIsCarvedFromTheTrainingClassesInProportion() {
        // 7, 5, 2 with test_size=5: train+validation [5, 3, 1] and test [2, 2, 1] (scikit-learn); a validation set
        // of 3 from [5, 3, 1]: shares 5/3, 1, 1/3 -> [1, 1, 0] plus one for the largest remainder -> [2, 1, 0]
        int[] y = labels(7, 5, 2);
        HoldOutSplit s = stratified(y, HoldOut.builder().optTestSize(SizeSpec.count(5))
                .optValidationSize(SizeSpec.count(3)));
        assertArrayEquals(new int[] {3, 2, 1}, perClass(s.train(), y, 3));
        assertArrayEquals(new int[] {2, 1, 0}, perClass(s.validation(), y, 3));
        assertArrayEquals(new int[] {2, 2, 1}, perClass(s.test(), y, 3));
    }

    @Test
    void stratifiedPartsAreShuffledAcrossClasses() {
        // each part is a permutation, as scikit-learn's StratifiedShuffleSplit returns it, not class after class
        int[] y = labels(50, 50, 50);
        HoldOutSplit s = stratified(y, HoldOut.builder().optTestSize(SizeSpec.fraction(0.2))
                .optValidationSize(SizeSpec.count(30)));
        for (int[] part : new int[][] {s.train(), s.validation(), s.test()}) {
            int[] labelsInOrder = Arrays.stream(part).map(i -> y[i]).toArray();
            int[] sorted = labelsInOrder.clone();
            Arrays.sort(sorted);
            assertFalse(Arrays.equals(sorted, labelsInOrder), "classes interleave: " + Arrays.toString(labelsInOrder));
        }
    }

    @Test
    void stratifyingNeedsTwoOfEachClassAndAPlaceForEachInBothParts() {
        SplitException one = assertThrows(SplitException.class, () -> stratified(labels(3, 1),
                HoldOut.builder().optTestSize(SizeSpec.count(2))));
        assertTrue(one.getMessage().startsWith("The least populated class in y has only 1 member, which is too few."),
                one.getMessage());
        SplitException train = assertThrows(SplitException.class, () -> stratified(labels(4, 4, 4),
                HoldOut.builder().optTestSize(SizeSpec.count(3)).optTrainSize(SizeSpec.count(2))));
        assertEquals("The train_size = 2 should be greater or equal to the number of classes = 3", train.getMessage());
        SplitException test = assertThrows(SplitException.class, () -> stratified(labels(4, 4, 4),
                HoldOut.builder().optTestSize(SizeSpec.count(2))));
        assertEquals("The test_size = 2 should be greater or equal to the number of classes = 3", test.getMessage());
    }

    @Test
    void allocationIsTheApproximateModeOfTheClassShares() {
        // sklearn.model_selection._split._approximate_mode(class_counts, n_draws, rng) where no tie is involved
        RandomGenerator rng = RandomGenerator.of("L64X128MixRandom");
        assertArrayEquals(new int[] {2, 1, 1}, HoldOut.allocate(new int[] {5, 3, 2}, 4, rng));
        assertArrayEquals(new int[] {3, 3, 1}, HoldOut.allocate(new int[] {10, 10, 5}, 7, rng));
        assertArrayEquals(new int[] {4, 4}, HoldOut.allocate(new int[] {4, 4}, 8, rng));
        assertArrayEquals(new int[] {3, 3, 3}, HoldOut.allocate(new int[] {3, 3, 3}, 9, rng));
        assertArrayEquals(new int[] {2, 1, 0}, HoldOut.allocate(new int[] {5, 3, 1}, 3, rng));
    }

    @Test
    void tiedRemaindersAreBrokenAtRandom() {
        // [1, 1, 1] with 2 draws: two classes get one, which two is random; over seeds every class is chosen
        Set<Integer> skipped = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            int[] out = HoldOut.allocate(new int[] {1, 1, 1}, 2, Folds.generator(true, seed, "test"));
            skipped.add(IntStream.range(0, 3).filter(c -> out[c] == 0).findFirst().orElseThrow());
        }
        assertEquals(Set.of(0, 1, 2), skipped, "each class is left out for some seed");
        // [6, 3, 1] with 5 draws: 3 for class 0, and the tie 1.5 / 0.5 gives the last draw to class 1 or 2
        int[] tie = HoldOut.allocate(new int[] {6, 3, 1}, 5, Folds.generator(true, 1L, "test"));
        assertEquals(3, tie[0]);
        assertEquals(2, tie[1] + tie[2]);
    }
}
