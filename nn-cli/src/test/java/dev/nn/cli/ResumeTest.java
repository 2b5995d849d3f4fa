package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Parameter;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.Params;
import dev.nn.cli.data.DataSource;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import dev.nn.core.json.Json;
import dev.nn.core.layer.Flatten;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.optim.Optimizer;
import dev.nn.core.optim.Sgd;
import dev.nn.core.optim.StepLR;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.Safetensors;
import dev.nn.core.state.TrainingState;
import dev.nn.core.train.Callback;
import dev.nn.core.train.History;
import dev.nn.core.train.LrScheduleCallback;
import dev.nn.core.train.ModelCheckpoint;
import dev.nn.core.train.Trainer;
import dev.nn.core.train.TrainingContext;
import dev.nn.regularize.Dropout;
import dev.nn.regularize.NoiseSource;
import dev.nn.validate.EarlyStopping;
import dev.nn.validate.EarlyStoppingCallback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code nn train --resume}: a run interrupted after some epochs (stopped in the middle of an epoch, Ctrl-C, or
 * killed) and resumed ends with the same per-epoch figures and the same weights, byte for byte, as the run that was
 * not interrupted.
 */
class ResumeTest {
    private static final int EPOCHS = 4;

    @TempDir
    static Path shared;
    private static Path data;
    private static Dataset train;
    private static Dataset validation;

    @BeforeAll
    static void bundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
        Dataset pool = DataSource.bundled().train();
        Standardizer s = Standardizer.fit(pool.subset(IntStream.range(0, 800).toArray()));
        train = s.transform(pool.subset(IntStream.range(0, 800).toArray()));
        validation = s.transform(pool.subset(IntStream.range(800, 1000).toArray()));
    }

    /** One session of a run, built from scratch as a new process would build it. */
    private record Session(Backend backend, Sequential model, Trainer.Builder trainer) {
    }

    /** Linear, BatchNorm, ReLU, Dropout, Linear, with SGD (momentum, StepLR) or Adam, early stopping, checkpoint. */
    private static Session session(String backendName, String optimizer, Path dir) {
        Backend b = Backends.select(backendName);
        SplittableRandom random = new SplittableRandom(5);
        Sequential model = new Sequential(new Flatten(), new Linear(b, 784, 32, false, random),
                Normalizations.create("batch_norm", b, Params.of("num_features", 32)), new ReLU(),
                new Dropout(0.3, NoiseSource.of(5)), new Linear(b, 32, 10, random));
        List<Parameter> params = List.copyOf(model.namedParameters().values());
        Optimizer opt = optimizer.equals("sgd") ? new Sgd(params, 0.05, 0.9, 0, 1e-4, false) : new Adam(params, 2e-3);
        Trainer.Builder builder = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(opt).setEpochs(EPOCHS).optBatchSize(32).optSeed(9).optBackend(b)
                .addCallback(ModelCheckpoint.best(dir.resolve("model.safetensors"), "val_loss"))
                .addCallback(new EarlyStoppingCallback(EarlyStopping.builder().optPatience(2).build()))
                .optStateFile(dir.resolve(TrainCommand.STATE_FILE), Map.of());
        if (optimizer.equals("sgd")) {
            builder.addCallback(LrScheduleCallback.of(new StepLR(opt, 1, 0.5)));
        }
        return new Session(b, model, builder);
    }

    /** Stops in the third batch of an epoch, as Ctrl-C does: the epoch is not recorded. */
    private static Callback stopDuring(int epoch) {
        return new Callback() {
            @Override
            public void onStepEnd(TrainingContext ctx, int e, int batch) {
                if (e == epoch && batch == 3) {
                    ctx.requestStop("interrupted");
                }
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"cpu-simd, sgd", "cpu-simd, adam", "scalar, sgd", "scalar, adam"})
    void aRunStoppedTwiceAndResumedEndsAsTheUninterruptedRun(String backend, String optimizer, @TempDir Path whole,
                                                             @TempDir Path resumed) throws IOException {
        Session uninterrupted = session(backend, optimizer, whole);
        History expected = uninterrupted.trainer().build().fit(train, validation);
        Map<String, float[]> expectedWeights = ModelState.snapshot(uninterrupted.model());
        uninterrupted.backend().close();

        Session first = session(backend, optimizer, resumed);
        assertEquals(1, first.trainer().addCallback(stopDuring(2)).build().fit(train, validation).epochs().size());
        first.backend().close();
        Session second = session(backend, optimizer, resumed);
        assertEquals(3, second.trainer().addCallback(stopDuring(4)).build()
                .resume(train, validation, TrainingState.read(resumed.resolve(TrainCommand.STATE_FILE)))
                .epochs().size());
        second.backend().close();
        Session last = session(backend, optimizer, resumed);
        History history = last.trainer().build()
                .resume(train, validation, TrainingState.read(resumed.resolve(TrainCommand.STATE_FILE)));
        Map<String, float[]> weights = ModelState.snapshot(last.model());
        last.backend().close();

        assertEquals(EPOCHS, expected.epochs().size(), "the run is not cut short by early stopping");
        assertEquals(withoutSeconds(expected.toCsv()), withoutSeconds(history.toCsv()));
        assertEquals(expectedWeights.keySet(), weights.keySet());
        expectedWeights.forEach((name, v) -> assertArrayEquals(v, weights.get(name), name));
        assertArrayEquals(tensorBytes(whole.resolve("model.safetensors")),
                tensorBytes(resumed.resolve("model.safetensors")), "the best checkpoint");
    }

    private static final String[] RUN = {"train", "--limit", "1500", "--epochs", Integer.toString(EPOCHS),
        "--model", "mlp:64", "--dropout", "0.2", "--optimizer", "sgd", "--lr-schedule", "step", "--patience", "0",
        "--backend", "scalar"};

    private static String[] run(String... more) {
        String[] all = Arrays.copyOf(RUN, RUN.length + 2 + more.length);
        all[RUN.length] = "--data";
        all[RUN.length + 1] = data.toString();
        System.arraycopy(more, 0, all, RUN.length + 2, more.length);
        return all;
    }

    /** Starts {@code nn train} in a child JVM and ends it with a signal once the first epoch's state is written. */
    private static int interruptedChild(Path out, boolean kill) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-p", System.getProperty("jdk.module.path"), "-cp",
                System.getProperty("java.class.path"), "--add-modules", "ALL-MODULE-PATH",
                "-Dguice_bytecode_gen_option=DISABLED", "-m", "dev.nn.cli/dev.nn.cli.Main"));
        command.addAll(List.of(run("--out", out.toString())));
        Path log = Files.createTempFile(shared, "child", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // what Ctrl-C sends, from a shell started beforehand: it signals as soon as it reads a line
        Process ctrlC = new ProcessBuilder("sh", "-c", "read go && kill -INT " + p.pid()).start();
        Path state = out.resolve(TrainCommand.STATE_FILE);
        while (!Files.exists(state) && p.isAlive()) {
            Thread.sleep(2);
        }
        if (kill) {
            p.destroyForcibly();                                                        // SIGKILL
            ctrlC.destroy();
        } else {
            try (var go = ctrlC.getOutputStream()) {
                go.write('\n');
            }
            assertTrue(ctrlC.waitFor(10, TimeUnit.SECONDS));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
        return p.exitValue();
    }

    @Test
    void aTrainingProcessInterruptedOrKilledAndResumedWritesTheUninterruptedRunsFiles(@TempDir Path whole,
            @TempDir Path interrupted, @TempDir Path killed) throws Exception {
        CliRun expected = CliRun.of(run("--out", whole.toString()));
        assertEquals(0, expected.status(), expected.err() + expected.out());

        assertEquals(130, interruptedChild(interrupted, false), "Ctrl-C stopped the run before its end");
        assertTrue(Files.readAllLines(interrupted.resolve("metrics.csv")).size() < EPOCHS + 1,
                "the partial report has fewer epochs");
        CliRun resumed = CliRun.of("train", "--resume", interrupted.toString());
        assertEquals(0, resumed.status(), resumed.err() + resumed.out());
        assertTrue(resumed.out().startsWith("resuming " + interrupted + " after epoch "), resumed.out());
        assertSameRun(whole, interrupted);

        assertEquals(137, interruptedChild(killed, true), "SIGKILL: 128 + 9");
        assertTrue(!Files.exists(killed.resolve("metrics.csv")), "a killed run writes no report");
        CliRun afterKill = CliRun.of("train", "--resume", killed.toString());
        assertEquals(0, afterKill.status(), afterKill.err() + afterKill.out());
        assertSameRun(whole, killed);
    }

    private static void assertSameRun(Path expected, Path actual) throws IOException {
        assertEquals(withoutSeconds(Files.readString(expected.resolve("metrics.csv"))),
                withoutSeconds(Files.readString(actual.resolve("metrics.csv"))), "metrics.csv");
        assertEquals(epochsWithoutSeconds(expected), epochsWithoutSeconds(actual), "metrics.json epochs");
        assertArrayEquals(tensorBytes(expected.resolve("model.safetensors")),
                tensorBytes(actual.resolve("model.safetensors")), "model.safetensors tensors");
    }

    @Test
    void badResumesAreRefusedWithTheReasonAndTouchNothing(@TempDir Path run, @TempDir Path empty)
            throws IOException {
        CliRun oneEpoch = CliRun.of(withEpochs(run("--out", run.toString()), "1"));
        assertEquals(0, oneEpoch.status(), oneEpoch.err() + oneEpoch.out());
        Map<Path, byte[]> before = contents(run);

        assertRefused(CliRun.of("train", "--resume", empty.toString()), "--resume " + empty + ": there is no "
                + TrainCommand.STATE_FILE + " in it");
        assertRefused(CliRun.of("train", "--resume", run.toString(), "--model", "mlp:16", "--lr", "0.1"),
                "these differ: --model mlp:16 (the run has mlp:64), --lr 0.1 (the run has none). Drop them");
        assertRefused(CliRun.of("train", "--resume", run.toString(), "--epochs", "3"),
                "--epochs 3 differs from the run's 1, but its --lr-schedule step spreads the rate over the planned "
                        + "epochs");
        assertRefused(CliRun.of("train", "--resume", run.toString(), "--out", empty.toString()), "drop --out");
        assertEquals(before.keySet(), contents(run).keySet());
        before.forEach((file, bytes) -> assertArrayEquals(bytes, contents(run).get(file), file.toString()));

        Path state = run.resolve(TrainCommand.STATE_FILE);
        byte[] whole = Files.readAllBytes(state);
        Files.write(state, Arrays.copyOf(whole, whole.length / 2));
        assertRefused(CliRun.of("train", "--resume", run.toString()), "is truncated");

        Map<String, String> metadata = new LinkedHashMap<>(Safetensors.decode(whole, "state").metadata());
        metadata.put("nn_version", "0.0.9");
        Map<String, dev.nn.core.state.StoredTensor> arrays = Safetensors.decode(whole, "state").tensors();
        Safetensors.writeArrays(state, arrays, metadata);
        assertRefused(CliRun.of("train", "--resume", run.toString()), "was written by nn 0.0.9, but this is nn ");

        // a state the CLI accepts but the trainer finds does not fit: refused before training, the report stays
        Map<String, String> otherData = new LinkedHashMap<>(Safetensors.decode(whole, "state").metadata());
        otherData.put("value.trainer.train_size", "999");
        Safetensors.writeArrays(state, arrays, otherData);
        assertRefused(CliRun.of("train", "--resume", run.toString()),
                "The saved run batched differently: 999 training samples in batches of 64");
        Files.write(state, whole);
        assertRefused(CliRun.of("train", "--resume", run.toString(), "--epochs", "0"),
                "--epochs 0 is fewer than the 1 epochs the run has completed");
        before.forEach((file, bytes) -> {
            if (!file.equals(state)) {
                assertArrayEquals(bytes, contents(run).get(file), file + " is untouched");
            }
        });
    }

    private static String[] withEpochs(String[] args, String epochs) {
        String[] out = args.clone();
        out[Arrays.asList(out).indexOf("--epochs") + 1] = epochs;
        return out;
    }

    private static void assertRefused(CliRun r, String fragment) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private static Map<Path, byte[]> contents(Path dir) {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                out.put(f, Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** The CSV without its last column, the epoch's wall time. */
    private static String withoutSeconds(String csv) {
        return csv.replaceAll(",[^,\\n]*\\n", "\n");
    }

    private static List<Object> epochsWithoutSeconds(Path run) throws IOException {
        List<Object> rows = new ArrayList<>();
        for (Object e : (List<?>) ((Map<?, ?>) Json.parse(Files.readString(run.resolve("metrics.json"))))
                .get("epochs")) {
            Map<Object, Object> row = new LinkedHashMap<>((Map<?, ?>) e);
            row.remove("seconds");
            rows.add(row);
        }
        return rows;
    }

    /** The data section of a safetensors file (its header also records the epoch's wall time). */
    private static byte[] tensorBytes(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long header = java.nio.ByteBuffer.wrap(all, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return Arrays.copyOfRange(all, (int) (8 + header), all.length);
    }
}
