package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.data.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odd and hostile input on the command line: options out of range, labels that are not class indices, data too
 * small for its classes. Each is refused before training with exit status 2 and one message in nn's own terms.
 */
class HostileInputTest {
    @TempDir
    static Path shared;
    /** The bundled t10k pair only: no official test split, so --test carves one. */
    private static Path t10k;
    /** The bundled pair as train and t10k: the official test split is kept, --limit applies to the training part. */
    private static Path both;

    @BeforeAll
    static void unpackBundledData() throws IOException {
        t10k = Files.createDirectories(shared.resolve("t10k"));
        both = Files.createDirectories(shared.resolve("both"));
        for (String kind : List.of("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz")) {
            try (InputStream in = Main.class.getResourceAsStream("/dev/nn/cli/data/t10k-" + kind)) {
                assertNotNull(in, kind + " is bundled");
                Files.copy(in, t10k.resolve("t10k-" + kind));
            }
            Files.copy(t10k.resolve("t10k-" + kind), both.resolve("t10k-" + kind));
            Files.copy(t10k.resolve("t10k-" + kind), both.resolve("train-" + kind));
        }
    }

    /** A quick run on the bundled data: when a bad option is (wrongly) accepted, the test still ends soon. */
    private static CliRun quick(String command, String... options) {
        List<String> args = new ArrayList<>(List.of(command, "--data", t10k.toString(), "--limit", "300",
                "--epochs", "1", "--model", "mlp:8", "--backend", "scalar", "--out",
                shared.resolve("out-" + System.nanoTime()).toString()));
        if (command.equals("cv") && !Arrays.asList(options).contains("--folds")) {
            args.addAll(List.of("--folds", "2"));
        }
        args.addAll(Arrays.asList(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Exit status 2, exactly one line on stderr, no stack trace, and the expected message. */
    private static void assertRefused(CliRun r, String message) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("error: " + message, r.err().strip(), r.err());
        assertFalse(r.out().contains("epoch 1/"), "refused before training: " + r.out());
    }

    @Test
    void optionsOutOfRangeAreRefusedBeforeTraining() {
        assertRefused(quick("train", "--patience", "-1"),
                "--patience must be >= 0 (0 turns early stopping off), got -1");
        assertRefused(quick("cv", "--patience", "-1"),
                "--patience must be >= 0 (0 turns early stopping off), got -1");
        for (String lr : List.of("0", "-0.1", "Infinity", "NaN")) {
            assertRefused(quick("train", "--lr", lr), "--lr must be a finite number > 0, got " + lr
                    + " (e.g. 0.001 for adam, 0.05 for sgd)");
        }
        assertRefused(quick("train", "--weight-decay", "-1"),
                "--weight-decay must be a finite number >= 0, got -1");
        assertRefused(quick("train", "--threads", "-2"), "--threads must be >= 0 (0 = all cores), got -2");
        assertRefused(quick("train", "--max-classes", "1"), "--max-classes must be >= 2, got 1");
        assertRefused(quick("cv", "--folds", "1"), "--folds must be >= 2, got 1");
        assertRefused(quick("cv", "--parallel", "0"), "--parallel must be >= 1, got 0");
    }

    @Test
    void optionsThatWouldBeIgnoredAreRefused() {
        assertRefused(quick("train", "--label", "y"), "--label names the label column of a --csv file, but the "
                + "data is IDX (--data or the default); add --csv FILE, or drop --label");
        assertRefused(quick("cv", "--lr-schedule", "cosine"), "nn cv has no --lr-schedule: its folds train at the "
                + "constant --lr; drop --lr-schedule, or compare schedules with nn train");
        assertEquals(0, quick("cv", "--lr-schedule", "none").status(), "the default is accepted");
    }

    @Test
    void aTestFractionForDataWithItsOwnTestSetIsRefused() {
        CliRun r = CliRun.of("train", "--data", both.toString(), "--test", "0.3", "--limit", "300", "--epochs", "1",
                "--backend", "scalar");
        assertRefused(r, "--test carves a test set out of data that has none, but IDX files in " + both + " (300 of "
                + "10000 training, 10000 test images) has its own test set, which is used; drop --test");
    }

    /** An initializer with a required parameter is bad input (exit 2), not a crash. */
    @Test
    void anInitializerThatNeedsParametersIsRefusedByName() {
        assertRefused(quick("train", "--init", "constant"), "--init constant needs parameters that nn train and nn cv "
                + "do not pass (Parameter 'val' must be a number, got nothing (it is required)); choose one that needs "
                + "none: recommended, default, kaiming_normal, xavier_uniform, normal, ...");
    }

    @Test
    void fractionsAreCheckedInTheCommandsTerms() {
        assertRefused(quick("train", "--validation", "0"), "--validation must be in (0, 1), got 0");
        assertRefused(quick("train", "--validation", "1"), "--validation must be in (0, 1), got 1");
        assertRefused(quick("train", "--test", "1.5"), "--test must be in (0, 1), got 1.5");
    }

    @Test
    void aLimitTooSmallForTheClassesIsExplainedInOptions() {
        // with an official test split, --limit applies to the training part: 10% of 25 is 3 for validation
        CliRun r = CliRun.of("train", "--data", both.toString(), "--limit", "25", "--epochs", "1", "--backend",
                "scalar");
        assertRefused(r, "--limit 25 leaves 3 samples for validation (--validation 0.1 of 25), fewer than the 10 "
                + "classes: a stratified split needs a sample of every class in each part; raise --limit, or "
                + "--validation to at least 0.37");
        // without one, --test carves the test set out of the 25 first
        r = CliRun.of("train", "--data", t10k.toString(), "--limit", "25", "--epochs", "1", "--backend", "scalar");
        assertRefused(r, "--limit 25 leaves 5 samples for the test set (--test 0.2 of 25), fewer than the 10 "
                + "classes: a stratified split needs a sample of every class in each part; raise --limit, or "
                + "--test to at least 0.37");
    }

    /** 59 rows of labels 0..2 (or 1..3 with firstClass 1), with badRow at line atLine. */
    @Test
    void tooFewSamplesPerClassForTheFoldsIsExplainedInOptions() {
        CliRun r = CliRun.of("cv", "--data", t10k.toString(), "--limit", "25", "--epochs", "1", "--backend",
                "scalar");
        assertRefused(r, "--limit 25 leaves at most 3 samples of a class, fewer than --folds 5: stratified folds "
                + "share every class out among the folds; lower --folds to 3, or raise --limit (or use "
                + "--no-stratify)");
        r = CliRun.of("cv", "--data", t10k.toString(), "--limit", "12", "--folds", "20", "--no-stratify",
                "--epochs", "1", "--backend", "scalar");
        assertRefused(r, "--limit 12 leaves 12 samples, fewer than --folds 20: every fold needs a sample; lower "
                + "--folds to 12, or raise --limit");
    }

    private static Path csv(Path dir, String name, String badRow, int atLine, int firstClass) throws IOException {
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int line = 2; line <= 60; line++) {
            sb.append(line == atLine ? badRow : line % 7 + ".5," + line % 5 + "," + (firstClass + line % 3))
                    .append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    @Test
    void badLabelsAreReportedAtTheirFileLine(@TempDir Path tmp) throws IOException {
        Path big = csv(tmp, "big.csv", "1.5,2,100000", 5, 0);
        CliRun r = CliRun.of("train", "--csv", big.toString(), "--label", "label", "--epochs", "1", "--backend",
                "scalar");
        assertRefused(r, big + ":5:7: label '100000' in column 'label' is above the limit of 65536 classes "
                + "(labels 0..65535); a label this large is a corrupt or wrong file, or if the data really has that "
                + "many classes raise the limit (optMaxClasses; nn: --max-classes)");
        Path overflow = csv(tmp, "overflow.csv", "1.5,2,3000000000", 9, 0);
        r = CliRun.of("train", "--csv", overflow.toString(), "--label", "label", "--epochs", "1");
        assertTrue(r.err().startsWith("error: " + overflow + ":9:7: label '3000000000' in column 'label' is above "
                + "the limit"), r.err());
        Path fraction = csv(tmp, "fraction.csv", "1.5,2,1.5", 7, 0);
        r = CliRun.of("train", "--csv", fraction.toString(), "--label", "label", "--epochs", "1", "--backend",
                "scalar");
        assertRefused(r, fraction + ":7:7: label '1.5' in column 'label' is not a class index (an integer >= 0); "
                + "number the classes 0, 1, 2, ...");
        Path lonely = csv(tmp, "lonely.csv", "1.5,2,3", 11, 0);
        r = CliRun.of("train", "--csv", lonely.toString(), "--label", "label", "--epochs", "1", "--backend",
                "scalar");
        assertRefused(r, "class 3 has only 1 sample in CSV " + lonely + " (59 rows); a stratified split needs at "
                + "least 2 of every class: add samples of class 3, or remove it");
        // 1-based labels leave class 0 empty: trained, with a warning
        Path oneBased = csv(tmp, "one-based.csv", "", 0, 1);
        r = CliRun.of("train", "--csv", oneBased.toString(), "--label", "label", "--epochs", "1", "--model",
                "mlp:8", "--backend", "scalar", "--out", tmp.resolve("one").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("warning: CSV " + oneBased + " (59 rows): labels 1..3: class 0 has no samples"),
                r.out());
    }

    /** The bundled pair with label record 17 set to {@code value}, in a folder of the given name. */
    private static Path idxWithLabel(Path tmp, String folder, int value) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        Files.copy(t10k.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("train-images-idx3-ubyte.gz"));
        byte[] labels;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(t10k.resolve("t10k-labels-idx1-ubyte.gz")))) {
            labels = in.readAllBytes();
        }
        labels[8 + 17] = (byte) value;
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);
        return dir;
    }

    @Test
    void idxLabelsOutsideTheClassesAreRefusedByRecord(@TempDir Path tmp) throws IOException {
        Path plain = idxWithLabel(tmp, "digits", 200);
        Path labels = plain.resolve("train-labels-idx1-ubyte");
        CliRun r = CliRun.of("train", "--data", plain.toString(), "--epochs", "1", "--backend", "scalar");
        assertRefused(r, labels + ": labels 0..9 and 200: classes 10..199 have no samples (label 200 is at record "
                + "17); a label file numbers its classes 0..K-1, so this one is corrupt or not the labels of these "
                + "images: check it, or renumber the classes 0..K-1");
        // a classes.txt beside the files names ten classes
        Path named = idxWithLabel(tmp, "named", 10);
        Files.write(named.resolve("classes.txt"), DataSource.FASHION_MNIST_CLASSES);
        r = CliRun.of("train", "--data", named.toString(), "--epochs", "1", "--backend", "scalar");
        assertRefused(r, named.resolve("train-labels-idx1-ubyte") + " record 17: label 10 is not one of the 10 "
                + "classes named for this data (0 = T-shirt/top .. 9 = Ankle boot); the label file does not belong "
                + "to these class names");
    }
}
