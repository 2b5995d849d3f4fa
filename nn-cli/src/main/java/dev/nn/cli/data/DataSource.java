package dev.nn.cli.data;

import dev.nn.api.NnException;
import dev.nn.core.data.CsvReader;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.IdxReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the data of a run. With IDX data the official test split, when there is one, is kept apart as the test set;
 * the validation set is always carved out of the training part by the caller, never out of the test set.
 *
 * @param description where the data came from, for reports
 * @param train the training pool (validation is split from it)
 * @param test the held-out test set, if the source has one
 */
public record DataSource(String description, Dataset train, Optional<Dataset> test) {
    /** Fashion-MNIST class names by label, from the dataset's documentation. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Where Debian's {@code dataset-fashion-mnist} package installs the full set. */
    public static final Path SYSTEM_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String BUNDLED = "/dev/nn/cli/data/";

    /**
     * @param data a classification data set
     * @return its labels as class indices, for stratified splits, class-prior baselines and accuracy
     */
    public static int[] classLabels(Dataset data) {
        float[] labels = data.labels();
        int[] classes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classes[i] = (int) labels[i];
        }
        return classes;
    }

    /**
     * The default data: the full Fashion-MNIST (60k train, 10k test) when Debian's package installed it, else the
     * bundled 10,000-image test set, of which the caller keeps a part as test set.
     *
     * @return the data
     */
    public static DataSource defaults() {
        if (hasIdxPair(SYSTEM_FASHION_MNIST, "train") && hasIdxPair(SYSTEM_FASHION_MNIST, "t10k")) {
            return idxFolder(SYSTEM_FASHION_MNIST);
        }
        return bundled();
    }

    /** @return the bundled Fashion-MNIST test set (10,000 images, MIT licence), as a training pool */
    public static DataSource bundled() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("nn-fashion-mnist");
            for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
                try (InputStream in = DataSource.class.getResourceAsStream(BUNDLED + name)) {
                    if (in == null) {
                        throw new NnException("The bundled data " + name + " is missing from this build of nn; "
                                + "rebuild it, or pass --data DIR");
                    }
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Dataset all = IdxReader.readImages(dir.resolve("t10k-images-idx3-ubyte.gz"),
                    dir.resolve("t10k-labels-idx1-ubyte.gz"), FASHION_MNIST_CLASSES);
            return new DataSource("bundled Fashion-MNIST test set (10,000 images)", all, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the bundled data to a temporary directory", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * @param dir a folder with {@code train-images-idx3-ubyte[.gz]} + {@code train-labels-idx1-ubyte[.gz]}, and
     *            optionally the {@code t10k-} pair as the test set
     * @return the data
     */
    public static DataSource idxFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new NnException("--data " + dir + " is not a directory; pass a folder holding IDX files "
                    + "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, optionally t10k-...)");
        }
        String trainPrefix = hasIdxPair(dir, "train") ? "train" : hasIdxPair(dir, "t10k") ? "t10k" : null;
        if (trainPrefix == null) {
            throw new NnException("--data " + dir + " holds no IDX image/label pair; expected "
                    + "train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] (MNIST/Fashion-MNIST layout)");
        }
        List<String> classes = dir.equals(SYSTEM_FASHION_MNIST) || dir.toString().contains("fashion")
                ? FASHION_MNIST_CLASSES : List.of();
        Dataset train = read(dir, trainPrefix, classes);
        Optional<Dataset> test = trainPrefix.equals("train") && hasIdxPair(dir, "t10k")
                ? Optional.of(read(dir, "t10k", classes)) : Optional.empty();
        return new DataSource("IDX files in " + dir + " (" + train.size() + " training"
                + test.map(t -> ", " + t.size() + " test").orElse("") + " images)", train, test);
    }

    /**
     * @param file a CSV file with a header row
     * @param labelColumn the label column's name
     * @return the data; all of it is the training pool
     */
    public static DataSource csv(Path file, String labelColumn) {
        Dataset all = CsvReader.builder().setLabelColumn(labelColumn).build().read(file);
        return new DataSource("CSV " + file + " (" + all.size() + " rows)", all, Optional.empty());
    }

    private static Dataset read(Path dir, String prefix, List<String> classes) {
        return IdxReader.readImages(idx(dir, prefix + "-images-idx3-ubyte").orElseThrow(),
                idx(dir, prefix + "-labels-idx1-ubyte").orElseThrow(), classes);
    }

    private static boolean hasIdxPair(Path dir, String prefix) {
        return idx(dir, prefix + "-images-idx3-ubyte").isPresent() && idx(dir, prefix + "-labels-idx1-ubyte").isPresent();
    }

    private static Optional<Path> idx(Path dir, String stem) {
        for (String name : List.of(stem + ".gz", stem)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
