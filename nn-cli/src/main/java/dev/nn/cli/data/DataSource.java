package dev.nn.cli.data;

import dev.nn.api.NnException;
import dev.nn.core.data.ClassIndices;
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
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the data of a run. With IDX data the official test split, when there is one, is kept apart as the test set;
 * the validation set is always carved out of the training part by the caller, never out of the test set. Labels are
 * class indices, checked where they are read ({@link ClassIndices}): a bad one is reported with its file and record
 * or line, and a few empty classes become a warning. A CSV label column of words names the classes, numbered in
 * sorted order as scikit-learn's {@code LabelEncoder} does. Class names come from {@link Reading#classNames()} (the
 * command line's {@code --class-names}), else a {@value #CLASSES_FILE} beside IDX files (one name per line), else a
 * CSV's words; nothing is guessed from a folder's name.
 *
 * @param description where the data came from, for reports
 * @param train the training pool (validation is split from it)
 * @param test the held-out test set, if the source has one
 * @param warnings what is odd about the data but does not stop a run, e.g. classes without samples
 */
public record DataSource(String description, Dataset train, Optional<Dataset> test, List<String> warnings) {
    /** Fashion-MNIST class names by label, from the dataset's documentation. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Where Debian's {@code dataset-fashion-mnist} package installs the full set. */
    public static final Path SYSTEM_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** The file of class names, one per line in label order, that an IDX folder may hold. */
    public static final String CLASSES_FILE = "classes.txt";

    private static final String BUNDLED = "/dev/nn/cli/data/";
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * How the training pool is read.
     *
     * @param maxClasses labels must be below this
     * @param sampler given every training sample's class index, the samples to keep in the order wanted; null
     *                keeps all in file order. With IDX data only the kept images are converted.
     * @param classNames the class names by label index, or the order of a CSV's word labels; empty: from the data
     */
    public record Reading(int maxClasses, Function<int[], int[]> sampler, List<String> classNames) {
        /** Every sample, the default class limit, class names from the data. */
        public static final Reading ALL = new Reading(ClassIndices.DEFAULT_MAX_CLASSES, null, List.of());

        /**
         * @param maxClasses labels must be below this
         * @param sampler the samples to keep, or null for all
         * @param classNames the class names, or empty; names must be distinct and not blank
         */
        public Reading {
            classNames = List.copyOf(classNames);
            if (classNames.stream().anyMatch(String::isBlank) || classNames.stream().distinct().count()
                    != classNames.size()) {
                throw new NnException("--class-names must be distinct, non-blank names separated by commas, got "
                        + String.join(",", classNames));
            }
        }
    }

    /**
     * @param description where the data came from, for reports
     * @param train the training pool
     * @param test the held-out test set, if the source has one
     * @param warnings what is odd about the data but does not stop a run
     */
    public DataSource {
        warnings = List.copyOf(warnings);
    }

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
     * @param reading the class limit and which training samples to keep
     * @return the data
     */
    public static DataSource defaults(Reading reading) {
        if (hasIdxPair(SYSTEM_FASHION_MNIST, "train") && hasIdxPair(SYSTEM_FASHION_MNIST, "t10k")) {
            return idxFolder(SYSTEM_FASHION_MNIST, reading);
        }
        return bundled(reading);
    }

    /** @return the bundled Fashion-MNIST test set (10,000 images, MIT licence), as a training pool */
    public static DataSource bundled() {
        return bundled(Reading.ALL);
    }

    /**
     * @param reading the class limit and which samples to keep
     * @return the bundled Fashion-MNIST test set (10,000 images, MIT licence), as a training pool
     */
    public static DataSource bundled(Reading reading) {
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
            int[] total = new int[1];
            Dataset all = IdxReader.images(dir.resolve("t10k-images-idx3-ubyte.gz"),
                            dir.resolve("t10k-labels-idx1-ubyte.gz"))
                    .optClassNames(reading.classNames().isEmpty() ? FASHION_MNIST_CLASSES : reading.classNames())
                    .optMaxClasses(reading.maxClasses()).optSampler(counting(reading, total)).read();
            return new DataSource("bundled Fashion-MNIST test set (" + used(all, total[0], "images") + ")", all,
                    Optional.empty(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the bundled data to a temporary directory", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * @param dir a folder with {@code train-images-idx3-ubyte[.gz]} + {@code train-labels-idx1-ubyte[.gz]}, and
     *            optionally the {@code t10k-} pair as the test set
     * @param reading the class limit and which training samples to keep
     * @return the data
     */
    public static DataSource idxFolder(Path dir, Reading reading) {
        if (!Files.isDirectory(dir)) {
            throw new NnException("--data " + dir + " is not a directory; pass a folder holding IDX files "
                    + "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, optionally t10k-...)");
        }
        String trainPrefix = hasIdxPair(dir, "train") ? "train" : hasIdxPair(dir, "t10k") ? "t10k" : null;
        if (trainPrefix == null) {
            throw new NnException("--data " + dir + " holds no IDX image/label pair; expected "
                    + "train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] (MNIST/Fashion-MNIST layout)");
        }
        List<String> classes = !reading.classNames().isEmpty() ? reading.classNames()
                : dir.equals(SYSTEM_FASHION_MNIST) ? FASHION_MNIST_CLASSES : classesFile(dir);
        int[] total = new int[1];
        Dataset train = read(dir, trainPrefix, classes, reading.maxClasses(), counting(reading, total));
        Optional<Dataset> test = trainPrefix.equals("train") && hasIdxPair(dir, "t10k")
                ? Optional.of(read(dir, "t10k", classes, reading.maxClasses(), null)) : Optional.empty();
        if (test.isPresent() && classes.isEmpty() && test.get().numClasses() > train.numClasses()) {
            throw new NnException(idx(dir, "t10k-labels-idx1-ubyte").orElseThrow() + " has labels up to class "
                    + (test.get().numClasses() - 1) + " but the training labels only up to "
                    + (train.numClasses() - 1) + ": a model trained on these cannot predict them; pair files of "
                    + "the same data set");
        }
        String description = "IDX files in " + dir + " (" + used(train, total[0], "training")
                + test.map(t -> ", " + t.size() + " test").orElse("") + " images)";
        return new DataSource(description, train, test, warnings(description, train));
    }

    /**
     * @param dir an IDX folder, as {@link #idxFolder(Path, Reading)}
     * @return all of its data
     */
    public static DataSource idxFolder(Path dir) {
        return idxFolder(dir, Reading.ALL);
    }

    /** The names in {@code dir/classes.txt}, one per non-blank line, or none when there is no such file. */
    private static List<String> classesFile(Path dir) {
        Path file = dir.resolve(CLASSES_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> names = Files.readAllLines(file).stream().map(String::strip).filter(n -> !n.isEmpty())
                    .toList();
            if (names.stream().distinct().count() != names.size()) {
                throw new NnException(file + " names a class twice; write each class name once, on its own line, "
                        + "in label order");
            }
            return names;
        } catch (IOException e) {
            throw new NnException("Cannot read the class names in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param file a CSV file with a header row
     * @param labelColumn the label column's name; its values are class indices 0..K-1, or words naming the classes
     * @param reading the class limit, which rows to keep and the class names
     * @return the data; all of it is the training pool
     */
    public static DataSource csv(Path file, String labelColumn, Reading reading) {
        Dataset named = CsvReader.builder().setLabelColumn(labelColumn).optClassLabels(true)
                .optMaxClasses(Integer.MAX_VALUE).build().read(file);
        Dataset all;
        if (named.classNames().stream().allMatch(n -> NUMBER.matcher(n).matches())) {
            all = CsvReader.builder().setLabelColumn(labelColumn).optClassIndices(true)
                    .optMaxClasses(reading.maxClasses()).build().read(file);   // read again with the indices' checks
            all = reading.classNames().isEmpty() ? all : named(all, reading.classNames(), file);
        } else {
            all = reading.classNames().isEmpty() ? named : ordered(named, reading.classNames(), file);
            if (all.numClasses() > reading.maxClasses()) {
                throw new NnException(file + ": the labels in column '" + labelColumn + "' name " + all.numClasses()
                        + " classes, more than --max-classes " + reading.maxClasses() + "; check the label column, "
                        + "or raise --max-classes");
            }
        }
        Dataset kept = reading.sampler() == null ? all : all.subset(reading.sampler().apply(classLabels(all)));
        String description = "CSV " + file + " (" + used(kept, all.size(), "rows") + ")";
        return new DataSource(description, kept, Optional.empty(), warnings(description, kept));
    }

    /** Class indices 0..K-1 with the given names; there must be a name for each. */
    private static Dataset named(Dataset data, List<String> names, Path file) {
        if (data.numClasses() > names.size()) {
            throw new NnException(file + " has labels up to class " + (data.numClasses() - 1) + " but --class-names "
                    + "names " + names.size() + " classes; give one name per class, in label order");
        }
        return new Dataset(data.features(), data.sampleShape(), data.labels(), names);
    }

    /** Word labels renumbered in the order of {@code names}, which must hold each of them. */
    private static Dataset ordered(Dataset data, List<String> names, Path file) {
        List<String> words = data.classNames();
        List<String> unknown = words.stream().filter(w -> !names.contains(w)).toList();
        if (!unknown.isEmpty()) {
            throw new NnException(file + " has labels " + unknown + " that --class-names " + String.join(",", names)
                    + " does not list; list every class of the label column");
        }
        float[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = names.indexOf(words.get((int) labels[i]));
        }
        return new Dataset(data.features(), data.sampleShape(), labels, names);
    }

    /** The sampler, recording how many samples it chose from. */
    private static Function<int[], int[]> counting(Reading reading, int[] total) {
        return classes -> {
            total[0] = classes.length;
            return reading.sampler() == null ? null : reading.sampler().apply(classes);
        };
    }

    /** {@code 300 of 60000 training} when a sampler kept fewer, else {@code 60000 training}. */
    private static String used(Dataset kept, int total, String what) {
        return kept.size() < total ? kept.size() + " of " + total + " " + what : kept.size() + " " + what;
    }

    private static List<String> warnings(String description, Dataset train) {
        return ClassIndices.emptyClasses(classLabels(train)).map(w -> description + ": " + w + "; each is a model "
                + "output that is never the answer (number the classes 0..K-1 to drop them)").stream().toList();
    }

    private static Dataset read(Path dir, String prefix, List<String> classes, int maxClasses,
                                Function<int[], int[]> sampler) {
        return IdxReader.images(idx(dir, prefix + "-images-idx3-ubyte").orElseThrow(),
                idx(dir, prefix + "-labels-idx1-ubyte").orElseThrow()).optClassNames(classes)
                .optMaxClasses(maxClasses).optSampler(sampler).read();
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
