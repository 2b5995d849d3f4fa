package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.data.DataSource;
import dev.nn.core.state.Safetensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nn train}, then {@code nn evaluate} and {@code nn predict} on what it saved. */
class ModelCommandsTest {
    private static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy: (\\S+) \\(loss (\\S+)\\) on (\\d+) ");
    private static final Pattern ACCURACY = Pattern.compile("\naccuracy: (\\S+) \\(loss (\\S+)\\) on (\\d+) ");

    @TempDir
    static Path shared;
    private static Path idx;
    private static Path iris;

    /** Bundled images split into an IDX folder with a train and a t10k (test) pair, and the class names beside. */
    @BeforeAll
    static void writeData() throws IOException {
        idx = Files.createDirectories(shared.resolve("idx"));
        byte[] images = gunzip("t10k-images-idx3-ubyte.gz");
        byte[] labels = gunzip("t10k-labels-idx1-ubyte.gz");
        writeIdx("train", images, labels, 0, 1500);
        writeIdx("t10k", images, labels, 1500, 400);
        Files.write(idx.resolve("classes.txt"), DataSource.FASHION_MNIST_CLASSES);
        try (InputStream in = ModelCommandsTest.class.getResourceAsStream("iris.csv")) {
            assertNotNull(in, "iris.csv test resource");
            iris = Files.write(shared.resolve("iris.csv"), in.readAllBytes());
        }
    }

    @Test
    void evaluateReportsExactlyTheTestAccuracyTheTrainingRunPrinted(@TempDir Path run, @TempDir Path eval)
            throws IOException {
        CliRun train = CliRun.of("train", "--data", idx.toString(), "--epochs", "2", "--batch", "32", "--model",
                "mlp:32", "--dropout", "0.1", "--backend", "scalar", "--out", run.toString());
        assertEquals(0, train.status(), train.err() + train.out());
        Matcher trained = TEST_ACCURACY.matcher(train.out());
        assertTrue(trained.find(), train.out());
        assertEquals("400", trained.group(3), "the t10k pair is the test set");

        CliRun evaluate = CliRun.of("evaluate", "--model", run.toString(), "--data", idx.toString(), "--batch", "32",
                "--backend", "scalar", "--out", eval.toString());
        assertEquals(0, evaluate.status(), evaluate.err() + evaluate.out());
        Matcher evaluated = ACCURACY.matcher(evaluate.out());
        assertTrue(evaluated.find(), evaluate.out());
        assertEquals(trained.group(1), evaluated.group(1), "accuracy\n" + train.out() + evaluate.out());
        assertEquals(trained.group(2), evaluated.group(2), "loss");
        assertEquals(trained.group(3), evaluated.group(3), "samples");
        assertTrue(evaluate.out().contains("mlp:32;norm=batch;dropout=0.1, 10 classes, input [1, 28, 28]"),
                evaluate.out());
        assertTrue(evaluate.out().contains("Ankle boot"), "class names from classes.txt: " + evaluate.out());
        assertTrue(evaluate.out().contains("weighted avg"), evaluate.out());
        BufferedImage png = ImageIO.read(eval.resolve("confusion.png").toFile());
        assertNotNull(png, "confusion.png decodes");

        var meta = Safetensors.read(run.resolve("model.safetensors")).metadata();
        assertEquals("mlp:32;norm=batch;dropout=0.1", meta.get("nn.model"));
        assertEquals("42", meta.get("nn.seed"));
        assertTrue(meta.containsKey("epoch"), "the checkpoint's own entries stay: " + meta.keySet());
    }

    @Test
    void wordLabelsBecomeClassNamesAndPredictionsOnNewRowsUseThem(@TempDir Path run, @TempDir Path tmp)
            throws IOException {
        CliRun train = CliRun.of("train", "--csv", iris.toString(), "--label", "species", "--epochs", "30",
                "--batch", "16", "--model", "mlp:16", "--backend", "scalar", "--out", run.toString());
        assertEquals(0, train.status(), train.err() + train.out());
        assertTrue(train.out().contains("test accuracy: "), train.out());

        Path rows = Files.writeString(tmp.resolve("new.csv"), "sepal_length,sepal_width,petal_length,petal_width\n"
                + "5.0,3.4,1.5,0.25\n6.9,3.1,5.6,2.2\n");
        CliRun predict = CliRun.of("predict", "--model", run.toString(), "--csv", rows.toString(), "--backend",
                "scalar");
        assertEquals(0, predict.status(), predict.err() + predict.out());
        List<String> lines = predict.out().lines().toList();
        assertEquals("id,predicted,setosa,versicolor,virginica", lines.get(0));
        assertEquals(3, lines.size(), predict.out());
        String[] first = lines.get(1).split(",");
        assertEquals("0", first[0]);
        assertEquals("setosa", first[1], "a small-petalled flower: " + predict.out());
        assertEquals("virginica", lines.get(2).split(",")[1], "a large-petalled flower: " + predict.out());
        double sum = Arrays.stream(first, 2, 5).mapToDouble(Double::parseDouble).sum();
        assertEquals(1.0, sum, 1e-5);

        CliRun labelled = CliRun.of("predict", "--model", run.toString(), "--csv", iris.toString());
        assertEquals(2, labelled.status());
        assertTrue(labelled.err().contains("'setosa' in column 'species' as a number")
                && labelled.err().contains("if that column holds the labels, pass --label COLUMN"), labelled.err());

        Path csv = tmp.resolve("predictions.csv");
        CliRun toFile = CliRun.of("predict", "--model", run.resolve("model.safetensors").toString(), "--csv",
                iris.toString(), "--label", "species", "--backend", "scalar", "--out", csv.toString());
        assertEquals(0, toFile.status(), toFile.err() + toFile.out());
        assertEquals(151, Files.readAllLines(csv).size(), "a header and one row per flower");

        CliRun evaluate = CliRun.of("evaluate", "--model", run.toString(), "--csv", iris.toString(), "--label",
                "species", "--backend", "scalar", "--out", tmp.resolve("eval").toString());
        assertEquals(0, evaluate.status(), evaluate.err() + evaluate.out());
        assertTrue(evaluate.out().contains("versicolor"), evaluate.out());
    }

    @Test
    void classNamesComeFromTheCommandLine(@TempDir Path run) {
        CliRun train = CliRun.of("train", "--csv", iris.toString(), "--label", "species", "--class-names",
                "virginica,setosa,versicolor", "--epochs", "1", "--model", "mlp:4", "--backend", "scalar", "--out",
                run.toString());
        assertEquals(0, train.status(), train.err() + train.out());
        assertEquals("[\"virginica\",\"setosa\",\"versicolor\"]",
                Safetensors.read(run.resolve("model.safetensors")).metadata().get("nn.classes"));
        CliRun missing = CliRun.of("train", "--csv", iris.toString(), "--label", "species", "--class-names",
                "setosa,versicolor", "--backend", "scalar");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("has labels [virginica] that --class-names setosa,versicolor does not list"),
                missing.err());
    }

    @Test
    void pngImagesArePredictedAsTheSameImagesInIdxFiles(@TempDir Path run, @TempDir Path pngs) throws IOException {
        CliRun train = CliRun.of("train", "--data", idx.toString(), "--limit", "300", "--epochs", "1", "--model",
                "mlp:16", "--backend", "scalar", "--out", run.toString());
        assertEquals(0, train.status(), train.err() + train.out());
        byte[] images = gunzip("t10k-images-idx3-ubyte.gz");
        byte[] labels = gunzip("t10k-labels-idx1-ubyte.gz");
        Path three = Files.createDirectories(pngs.resolve("idx"));
        writeIdx(three, "train", images, labels, 1500, 3);
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(images, 16 + (1500 + i) * 784,
                    16 + (1501 + i) * 784));
            assertTrue(ImageIO.write(img, "png", pngs.resolve("image" + i + ".png").toFile()));
        }
        CliRun fromPng = CliRun.of("predict", "--model", run.toString(), "--images", pngs.toString(), "--backend",
                "scalar");
        CliRun fromIdx = CliRun.of("predict", "--model", run.toString(), "--data", three.toString(), "--backend",
                "scalar");
        assertEquals(0, fromPng.status(), fromPng.err() + fromPng.out());
        List<String> png = fromPng.out().lines().toList();
        List<String> expected = fromIdx.out().lines().toList();
        assertEquals(4, png.size(), fromPng.out());
        for (int i = 1; i < 4; i++) {
            assertEquals("image" + (i - 1) + ".png", png.get(i).split(",", 2)[0]);
            assertEquals(expected.get(i).split(",", 2)[1], png.get(i).split(",", 2)[1], "image " + (i - 1));
        }
        Files.writeString(pngs.resolve("photo.jpg"), "not decoded");
        CliRun jpeg = CliRun.of("predict", "--model", run.toString(), "--images", pngs.toString());
        assertEquals(2, jpeg.status());
        assertTrue(jpeg.err().contains("photo.jpg: JPEG is not read"), jpeg.err());
    }

    @Test
    void badModelsAndInputsAreClearErrors(@TempDir Path tmp) throws IOException {
        CliRun none = CliRun.of("evaluate", "--model", tmp.toString(), "--data", idx.toString());
        assertEquals(2, none.status());
        assertTrue(none.err().contains("Run folder " + tmp + " has no model.safetensors"), none.err());
        Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "not a model");
        CliRun damaged = CliRun.of("predict", "--model", junk.toString(), "--data", idx.toString());
        assertEquals(2, damaged.status());
        assertTrue(damaged.err().startsWith("error: ") && damaged.err().contains(junk.toString()), damaged.err());
        CliRun twoSources = CliRun.of("predict", "--model", junk.toString(), "--data", idx.toString(), "--csv",
                iris.toString());
        assertEquals(2, twoSources.status());
    }

    private static byte[] gunzip(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(Main.class.getResourceAsStream("/dev/nn/cli/data/" + name))) {
            return in.readAllBytes();
        }
    }

    private static void writeIdx(String prefix, byte[] images, byte[] labels, int from, int n) throws IOException {
        writeIdx(idx, prefix, images, labels, from, n);
    }

    /** Samples {@code from .. from+n-1} of the IDX image and label files, as a new pair. */
    private static void writeIdx(Path dir, String prefix, byte[] images, byte[] labels, int from, int n)
            throws IOException {
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        img.put(images, 16 + from * 784, n * 784);
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.array());
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        lab.put(labels, 8 + from, n);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }
}
