package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.core.json.Json;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.core.train.History;
import dev.nn.core.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code nn train} and {@code nn cv} on a small slice of the bundled Fashion-MNIST. */
class TrainCommandTest {
    @TempDir
    static Path shared;
    private static Path data;

    /** The bundled test set, unpacked into an IDX folder, so runs do not depend on what the machine has. */
    @BeforeAll
    static void unpackBundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
    }

    @Test
    void trainWritesTheReportAndBeatsChanceByFar(@TempDir Path out) throws IOException {
        CliRun r = CliRun.of("train", "--data", data.toString(), "--limit", "1500", "--epochs", "3", "--batch", "32",
                "--model", "mlp:64", "--out", out.toString(), "--backend", "scalar");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("split: train 1080, validation 120, test 300"), r.out());
        // three epochs are too few to judge the fit
        assertTrue(r.out().contains("Diagnosis: NOT_CONVERGED"), r.out());
        assertTrue(r.out().contains("only 3 epochs ran, fewer than the 5"), r.out());
        // --init recommended gives He to the Linear before BatchNorm and ReLU: sqrt(2 / 784) = 0.051, and the table
        // expects what He draws
        assertTrue(r.out().matches("(?s).*\\n1 +Linear +784 +64 +1\\.41 +0\\.051 +0\\.05\\d* +0\\.051 .*"), r.out());
        for (String f : List.of("summary.txt", "metrics.json", "metrics.csv", "model.safetensors")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        for (String png : List.of("loss.png", "accuracy.png", "confusion.png", "init-variance.png",
                "activations.png")) {
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png + " decodes");
        }
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json")));
        double accuracy = ((Number) ((Map<?, ?>) metrics.get("test")).get("accuracy")).doubleValue();
        assertTrue(accuracy > 0.6, "test accuracy " + accuracy + " (chance is 0.1)");
        assertEquals(3, ((List<?>) metrics.get("epochs")).size());
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 3 epochs");
    }

    /** The files the {@code report:} line names, each of which must exist. */
    private static List<String> reportedFiles(CliRun r, Path out) {
        String line = r.out().lines().filter(l -> l.startsWith("report: ")).findFirst().orElseThrow();
        List<String> files = List.of(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')).split(", "));
        for (String f : files) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " is listed but does not exist: " + line);
        }
        return files;
    }

    @Test
    void aNaNLossIsUnstableNamesTheStepAndLayerAndExitsThree(@TempDir Path out) throws IOException {
        // SGD at lr 1e6: the loss is NaN at the fifth step, in the first epoch
        CliRun r = CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "2", "--batch", "16",
                "--model", "mlp:16", "--optimizer", "sgd", "--lr", "1e6", "--backend", "scalar", "--out",
                out.toString());
        assertEquals(TrainCommand.DIVERGED, r.status(), r.err() + r.out());
        assertEquals(3, TrainCommand.DIVERGED, "the exit status the README documents");
        assertTrue(r.out().contains("Diagnosis: UNSTABLE"), r.out());
        assertTrue(r.out().matches("(?s).*because the training loss became NaN at step \\d+ \\(epoch 1, batch \\d+ "
                + "of 14\\); the first non-finite values are in layer 1 \\(Linear\\): weight \\d+ of 12544 values.*"),
                r.out());
        assertTrue(r.out().contains("try: lower the learning rate 10-100x (now 1e+06); sgd usually trains at 0.01"),
                r.out());
        assertTrue(!r.out().contains("without interrupting"), r.out());
        List<String> files = reportedFiles(r, out);
        assertTrue(!files.contains("model.safetensors") && !Files.exists(out.resolve("model.safetensors")),
                "no epoch finished, so there is no checkpoint to list: " + files);
        Map<?, ?> diagnosis = (Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json"))))
                .get("diagnosis");
        assertEquals("UNSTABLE", diagnosis.get("verdict"));
        assertTrue(((Map<?, ?>) diagnosis.get("evidence")).containsKey("diverged_step"), diagnosis.toString());
    }

    @Test
    void threadsOnASingleThreadedBackendIsNamedAsHavingNoEffect(@TempDir Path out) {
        CliRun scalar = CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "1", "--model",
                "mlp:8", "--backend", "scalar", "--threads", "2", "--out", out.resolve("scalar").toString());
        assertEquals(0, scalar.status(), scalar.err() + scalar.out());
        assertTrue(scalar.out().startsWith("backend: scalar\nwarning: --threads 2 has no effect: the scalar backend "
                + "computes on one thread"), scalar.out());

        CliRun simd = CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "1", "--model",
                "mlp:8", "--backend", "cpu-simd", "--threads", "2", "--out", out.resolve("simd").toString());
        assertEquals(0, simd.status(), simd.err() + simd.out());
        assertTrue(simd.out().startsWith("backend: cpu-simd, 2 threads\n"), simd.out());
        assertFalse(simd.out().contains("has no effect"), simd.out());
    }

    @Test
    void aNaNValidationLossEndsTheRunWithAReportNotAnError(@TempDir Path out) throws IOException {
        // the same run in batches of 64: epoch 1 ends with a finite training loss of ~1e28 and a NaN validation loss
        CliRun r = CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "2", "--model",
                "mlp:16", "--optimizer", "sgd", "--lr", "1e6", "--backend", "scalar", "--out", out.toString());
        assertEquals(TrainCommand.DIVERGED, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("Diagnosis: UNSTABLE"), r.out());
        assertTrue(r.out().contains("because the validation loss became NaN after epoch 1"), r.out());
        reportedFiles(r, out);
    }

    @Test
    void aHugeButFiniteLossIsUnstableNotUnderfitting(@TempDir Path out) throws IOException {
        // Adam at lr 1e6: losses around 1e12, finite
        CliRun r = CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "2", "--model",
                "mlp:16", "--optimizer", "adam", "--lr", "1e6", "--backend", "scalar", "--out", out.toString());
        assertEquals(TrainCommand.DIVERGED, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("Diagnosis: UNSTABLE"), r.out());
        assertTrue(r.out().contains("training diverged"), r.out());
        assertTrue(!r.out().contains("bigger model"), r.out());
        assertTrue(r.out().lines().filter(l -> l.contains("try:")).noneMatch(l -> l.contains("Adam")),
                "an Adam user is not told to use Adam: " + r.out());
        assertTrue(reportedFiles(r, out).contains("model.safetensors"), "epoch 1 finished and was saved");
    }

    @Test
    void aOneEpochRunIsTooShortToJudge(@TempDir Path out) {
        CliRun r = CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "1", "--model",
                "mlp:16", "--backend", "scalar", "--out", out.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("Diagnosis: NOT_CONVERGED"), r.out());
        assertTrue(r.out().contains("try: train longer: at least 5 epochs"), r.out());
        assertTrue(r.out().lines().filter(l -> l.contains("try:"))
                .noneMatch(l -> l.contains("bigger model") || l.contains("momentum") || l.contains("Adam")), r.out());
        reportedFiles(r, out);
    }

    @Test
    void sameSeedSameRun(@TempDir Path a, @TempDir Path b) throws IOException {
        String[] args = {"train", "--data", data.toString(), "--limit", "300", "--epochs", "2", "--model", "cnn:2,4",
                "--norm", "group", "--dropout", "0.2", "--backend", "scalar", "--out"};
        assertEquals(0, CliRun.of(concat(args, a.toString())).status());
        assertEquals(0, CliRun.of(concat(args, b.toString())).status());
        assertEquals(Files.readString(a.resolve("metrics.csv")).replaceAll(",[0-9.]+\\n", "\n"),
                Files.readString(b.resolve("metrics.csv")).replaceAll(",[0-9.]+\\n", "\n"),
                "identical figures apart from the time column");
        assertTrue(java.util.Arrays.equals(tensorBytes(a.resolve("model.safetensors")),
                tensorBytes(b.resolve("model.safetensors"))), "identical weights");
    }

    /** The data section of a safetensors file (its header also records the epoch's wall time). */
    private static byte[] tensorBytes(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long header = java.nio.ByteBuffer.wrap(all, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Arrays.copyOfRange(all, (int) (8 + header), all.length);
    }

    @Test
    void stepScheduleDividesTheLearningRateByTenEachStep(@TempDir Path out) throws IOException {
        CliRun r = CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "3", "--model", "mlp:8",
                "--lr-schedule", "step", "--patience", "0", "--backend", "scalar", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json")));
        List<?> epochs = (List<?>) metrics.get("epochs");
        double[] lr = epochs.stream().mapToDouble(e -> ((Number) ((Map<?, ?>) e).get("lr")).doubleValue()).toArray();
        // StepLR(step_size = epochs / 3 = 1, gamma = 0.1) from Adam's 1e-3, as PyTorch's scheduler.step() per epoch
        assertEquals(1e-3, lr[0], 1e-12);
        assertEquals(1e-4, lr[1], 1e-12);
        assertEquals(1e-5, lr[2], 1e-12);
    }

    private static String[] concat(String[] a, String last) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = last;
        return all;
    }

    @Test
    void crossValidationReportsSpreadAndParallelFoldsMatchSequential(@TempDir Path seq, @TempDir Path par)
            throws IOException {
        String[] args = {"cv", "--data", data.toString(), "--limit", "300", "--epochs", "1", "--folds", "3",
                "--model", "mlp:16", "--backend", "scalar", "--parallel"};
        CliRun sequential = CliRun.of(concat(concat(args, "1"), "--out=" + seq));
        CliRun parallel = CliRun.of(concat(concat(args, "2"), "--out=" + par));
        assertEquals(0, sequential.status(), sequential.err());
        assertTrue(sequential.out().matches("(?s).*validation accuracy 0\\.\\d{4} ± 0\\.\\d{4} \\(95% CI.*"),
                sequential.out());
        assertEquals(Files.readString(seq.resolve("metrics.csv")).replaceAll(",[0-9.E-]+\\n", "\n"),
                Files.readString(par.resolve("metrics.csv")).replaceAll(",[0-9.E-]+\\n", "\n"));
        assertNotNull(ImageIO.read(par.resolve("cv-curves.png").toFile()));
    }

    @Test
    void badInputGetsAClearErrorAndNoStackTrace(@TempDir Path tmp) throws IOException {
        assertError(CliRun.of("train", "--model", "resnet"), "Unknown model 'resnet'. Valid: mlp");
        assertError(CliRun.of("train", "--norm", "instanse"),
                "Unknown normalization 'instanse'. Installed: batch_norm, group_norm, instance_norm, layer_norm, "
                        + "rms_norm, none");
        assertError(CliRun.of("train", "--model", "mlp:8;norm=layer", "--norm", "group"), "set the normalization once");
        assertError(CliRun.of("train", "--init", "xaviar"), "Unknown initializer 'xaviar'. Available:");
        assertError(CliRun.of("train", "--optimizer", "rmsprop"), "Valid: sgd, adam, adamw");
        assertError(CliRun.of("train", "--lr-schedule", "warmup"), "Valid: none, cosine, step, plateau");
        assertError(CliRun.of("train", "--data", tmp.toString()), "holds no IDX image/label pair");
        Path csv = Files.writeString(tmp.resolve("bad.csv"), "a,b,label\n1,2,0\n3,x,1\n");
        assertError(CliRun.of("train", "--csv", csv.toString(), "--label", "label"), "bad.csv:3:3");
        Path blocker = Files.writeString(tmp.resolve("file"), "x");
        assertError(CliRun.of("train", "--data", data.toString(), "--limit", "300", "--epochs", "1", "--backend",
                "scalar", "--out", blocker.resolve("report").toString()), "writable --out");
    }

    @Test
    void mismatchedImageAndLabelCountsAreRejected(@TempDir Path tmp) throws IOException {
        Files.copy(data.resolve("t10k-images-idx3-ubyte.gz"), tmp.resolve("train-images-idx3-ubyte.gz"));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(data.resolve("t10k-labels-idx1-ubyte.gz")));
             OutputStream o = Files.newOutputStream(tmp.resolve("train-labels-idx1-ubyte"))) {
            byte[] all = in.readAllBytes();
            all[6] = 0x27;   // header says 9,999 labels: 0x0000270f
            all[7] = 0x0f;
            o.write(all, 0, all.length - 1);
        }
        assertError(CliRun.of("train", "--data", tmp.toString()), "10000 images but");
    }

    private static void assertError(CliRun r, String fragment) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void ctrlCStopsAfterTheBatchAndKeepsWhatWasLearned() {
        Backend b = Backends.select("scalar");
        var stop = new InterruptStop();
        float[] x = new float[64 * 2];
        float[] y = new float[64];
        for (int i = 0; i < 64; i++) {
            x[2 * i] = i % 2;
            y[i] = i % 2;
        }
        var model = new Sequential(new Linear(b, 2, 2, new SplittableRandom(1)));
        var trainer = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Sgd(List.copyOf(model.namedParameters().values()), 0.1)).setEpochs(5)
                .optBatchSize(8).addCallback(stop).build();
        stop.request();
        History h = trainer.fit(new Dataset(x, Shape.of(2), y), null);
        assertTrue(h.stopReason().orElseThrow().contains("Ctrl-C"), h.stopReason().toString());
        assertTrue(h.epochs().isEmpty(), "the interrupted epoch is not recorded");
        assertEquals(Shape.of(1, 2), model.forward(b.zeros(Shape.of(1, 2)), Mode.EVAL).shape());
    }
}
