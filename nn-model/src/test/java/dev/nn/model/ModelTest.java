package dev.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.core.data.CsvReader;
import dev.nn.core.data.DataException;
import dev.nn.core.data.Dataset;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.Safetensors;
import dev.nn.core.state.SafetensorsFile;
import dev.nn.core.train.Evaluation;
import dev.nn.core.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained on Iris (word labels), saved, loaded and used on raw measurements. */
class ModelTest {
    private static final Backend BACKEND = Backends.select("scalar");
    private static Dataset iris;
    private static Model trained;

    @BeforeAll
    static void train() throws IOException {
        try (InputStream in = ModelTest.class.getResourceAsStream("iris.csv")) {
            iris = CsvReader.builder().setLabelColumn("species").optClassLabels(true).build()
                    .parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "iris.csv");
        }
        trained = Model.create(ModelSpec.parse("mlp:16;norm=batch;dropout=0.1"), iris, BACKEND, 7);
        var params = List.copyOf(trained.network().namedParameters().values());
        Trainer.builder().setModel(trained.network()).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Adam(params, 0.01, 0.9, 0.999, 1e-8, 0)).setEpochs(30).optBatchSize(16).optSeed(7)
                .optBackend(BACKEND).build().fit(trained.standardize(iris), null);
    }

    @Test
    void aLoadedModelPredictsExactlyAsTheTrainedOne(@TempDir Path dir) {
        Path file = dir.resolve("iris.safetensors");
        trained.save(file);
        Model loaded = Model.load(file, BACKEND);
        List<Prediction> before = trained.predict(iris);
        List<Prediction> after = loaded.predict(iris);
        for (int i = 0; i < iris.size(); i++) {
            assertArrayEquals(before.get(i).probabilities(), after.get(i).probabilities(), "sample " + i);
            assertEquals(before.get(i).className(), after.get(i).className());
        }
        assertEquals(trained.evaluate(iris), loaded.evaluate(iris));
        assertTrue(loaded.evaluate(iris).accuracy() > 0.9, "Iris is nearly separable: " + loaded.evaluate(iris));
        assertEquals(List.of("setosa", "versicolor", "virginica"), loaded.classNames());
        assertEquals(trained.spec(), loaded.spec());
        assertEquals(7, loaded.seed());
        assertEquals(dev.nn.api.tensor.Shape.of(4), loaded.inputShape());
    }

    @Test
    void rawMeasurementsArePredictedWithClassNamesAndProbabilities(@TempDir Path dir) {
        trained.save(dir.resolve(Model.FILE_NAME));
        Model loaded = Model.load(dir, BACKEND);   // a run folder holding model.safetensors
        Prediction setosa = loaded.predict(5.1f, 3.5f, 1.4f, 0.2f);   // row 1 of the file
        assertEquals("setosa", setosa.className());
        assertEquals(0, setosa.index());
        assertEquals(1.0, sum(setosa.probabilities()), 1e-6);
        assertEquals("virginica", loaded.predict(7.7f, 3.8f, 6.7f, 2.2f).className());
        assertArrayEquals(loaded.predict(iris).getFirst().probabilities(), setosa.probabilities());
        var wrongWidth = assertThrows(DataException.class, () -> loaded.predict(1f, 2f));
        assertTrue(wrongWidth.getMessage().contains("samples of shape [4] (4 values), got 2 values"),
                wrongWidth.getMessage());
    }

    @Test
    void theFileDescribesTheModelAndKeepsPyTorchsTensors(@TempDir Path dir) throws IOException {
        Path described = dir.resolve("model.safetensors");
        Path bare = dir.resolve("weights.safetensors");
        trained.save(described);
        ModelState.save(trained.network(), bare);
        SafetensorsFile file = Safetensors.read(described);
        Map<String, String> meta = file.metadata();
        assertEquals("mlp:16;norm=batch;dropout=0.1", meta.get("nn.model"));
        assertEquals("4", meta.get("nn.input_shape"));
        assertEquals("[\"setosa\",\"versicolor\",\"virginica\"]", meta.get("nn.classes"));
        assertEquals("7", meta.get("nn.seed"));
        float[] mean = decode(meta.get("nn.input_mean"));
        float[] features = iris.features();
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            for (int i = 0; i < iris.size(); i++) {
                sum += features[i * 4 + j];
            }
            assertEquals(sum / iris.size(), mean[j], 1e-6, "mean of column " + j);
        }
        assertEquals("I64", file.tensors().get("2.num_batches_tracked").dtype());
        assertEquals("F32", file.tensors().get("2.running_mean").dtype());
        assertEquals(Safetensors.read(bare).tensors().keySet(), file.tensors().keySet());
        assertArrayEquals(dataSection(bare), dataSection(described), "the description changes the header only");
    }

    @Test
    void evaluationMatchesLabelsToTheModelsClassesByName() {
        int[] notSetosa = java.util.stream.IntStream.range(50, 150).toArray();
        Dataset two = iris.subset(notSetosa);
        float[] labels = two.labels();
        for (int i = 0; i < labels.length; i++) {
            labels[i] -= 1;   // the file holds two classes, so a reader numbers them 0 and 1
        }
        Dataset renumbered = new Dataset(two.features(), two.sampleShape(), labels, List.of("versicolor", "virginica"));
        Evaluation e = trained.evaluate(renumbered);
        long right = 0;
        List<Prediction> predicted = trained.predict(two);
        for (int i = 0; i < labels.length; i++) {
            right += predicted.get(i).index() == labels[i] + 1 ? 1 : 0;
        }
        assertEquals((double) right / labels.length, e.accuracy(), 1e-12);
        Dataset foreign = new Dataset(two.features(), two.sampleShape(), labels, List.of("versicolor", "tulip"));
        var unknown = assertThrows(DataException.class, () -> trained.evaluate(foreign));
        assertTrue(unknown.getMessage().startsWith("Class 'tulip' of the data is not one of this model's classes"),
                unknown.getMessage());
    }

    @Test
    void aFileWithoutADescriptionSaysHowToUseIt(@TempDir Path dir) {
        Path bare = dir.resolve("weights.safetensors");
        ModelState.save(trained.network(), bare);
        var e = assertThrows(CheckpointException.class, () -> Model.load(bare, BACKEND));
        assertTrue(e.getMessage().contains("holds weights but no model description"), e.getMessage());
        var missing = assertThrows(CheckpointException.class, () -> Model.load(dir.resolve("run"), BACKEND));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        var emptyRun = assertThrows(CheckpointException.class, () -> Model.load(dir, BACKEND));
        assertTrue(emptyRun.getMessage().startsWith("Run folder " + dir + " has no model.safetensors"),
                emptyRun.getMessage());
    }

    @Test
    void damagedDescriptionsAreClearErrors(@TempDir Path dir) {
        assertDamaged(dir, m -> m.put("nn.input_shape", "0,x"), "metadata 'nn.input_shape' is '0,x', expected "
                + "dimensions >= 1");
        assertDamaged(dir, m -> m.put("nn.input_shape", "2"), "metadata 'nn.input_mean'");
        assertDamaged(dir, m -> m.put("nn.classes", "[\"a\"]"), "metadata 'nn.classes' is '[\"a\"]', expected a "
                + "JSON array of at least 2");
        assertDamaged(dir, m -> m.put("nn.classes", "[\"a\",\"a\",\"b\"]"), "expected distinct class names");
        assertDamaged(dir, m -> m.put("nn.classes", "{"), "metadata 'nn.classes'");
        assertDamaged(dir, m -> m.put("nn.input_scale", "!!"), "metadata 'nn.input_scale'");
        assertDamaged(dir, m -> m.put("nn.input_scale", ModelMetadata.floats(new float[] {1, 0, 1, 1})),
                "scales finite and > 0");
        assertDamaged(dir, m -> m.put("nn.seed", "forty-two"), "metadata 'nn.seed'");
        assertDamaged(dir, m -> m.remove("nn.format"), "lacks 'nn.format'");
        assertDamaged(dir, m -> m.put("nn.format", "9"), "has model format '9', this nn reads format 1");
        assertDamaged(dir, m -> m.put("nn.model", "mlp:17;norm=batch"), "does not hold the weights its description");
        assertDamaged(dir, m -> m.put("nn.model", "mlp;norm=power"), "Unknown normalization 'power'");
        assertDamaged(dir, m -> m.put("nn.classes", "[\"a\",\"b\"]"), "size mismatch");
        assertDamaged(dir, m -> m.put("nn.model", "mlp:" + "1,".repeat(600) + "1"), "metadata 'nn.model' is 'mlp:1,1,1,");
    }

    private static void assertDamaged(Path dir, Consumer<Map<String, String>> edit, String expected) {
        Map<String, String> meta = new HashMap<>(trained.metadata());
        edit.accept(meta);
        Path file = dir.resolve("damaged.safetensors");
        ModelState.save(trained.network(), file, meta);
        var e = assertThrows(CheckpointException.class, () -> Model.load(file, BACKEND));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
    }

    private static float[] decode(String base64) {
        byte[] bytes = java.util.Base64.getDecoder().decode(base64);
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The bytes after the 8-byte length and the JSON header: the tensors. */
    private static byte[] dataSection(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long header = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return Arrays.copyOfRange(all, (int) (8 + header), all.length);
    }

    private static double sum(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s;
    }
}
