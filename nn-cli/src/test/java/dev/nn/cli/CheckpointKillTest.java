package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.core.json.Json;
import dev.nn.core.state.ModelState;
import dev.nn.model.ModelSpec;
import dev.nn.regularize.NoiseSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn train} in a child JVM killed with SIGKILL at random moments, again and again in one report folder: after
 * every kill the checkpoint that is there loads into the model with nn's loader and every report file that is there
 * is complete, and the temporaries earlier kills left are removed once the next run has started training. Each kill
 * comes a random 0-30 ms after the line of a random one of the first four epochs, which is printed just before that
 * epoch's checkpoint is written, so kills land before, during and after checkpoint writes. The draws come from a
 * seeded generator ({@code -Dnn.kill.seed}, default 16); {@code -Dnn.kill.count} (default 10) sets the number of
 * kills (docs/fuzzing.md).
 */
class CheckpointKillTest {
    private static final String[] TRAIN = {"train", "--limit", "600", "--epochs", "100000", "--patience", "0",
            "--batch", "32", "--model", "mlp:64", "--norm", "batch", "--backend", "scalar", "--seed", "3",
            "--overwrite"};   // each run after a kill reuses the killed run's folder
    private static final int KILLS = Integer.getInteger("nn.kill.count", 10);
    private static final long SEED = Long.getLong("nn.kill.seed", 16);
    private static final Backend B = Backends.select("scalar");

    @TempDir
    Path dir;

    @Test
    void killedRunsLeaveALoadableCheckpointAndTheNextRunRemovesTheirTemporaries() throws Exception {
        Path data = BundledData.copyTo(dir.resolve("data"));
        Path out = dir.resolve("run");
        Random random = new Random(SEED);
        int checkpointsLoaded = 0;
        int temporariesLeft = 0;
        Set<Path> leftByEarlierKills = Set.of();
        for (int kill = 0; kill < KILLS; kill++) {
            int epoch = 1 + random.nextInt(4);
            int offsetMicros = random.nextInt(30_000);
            String seen = trainAndKill(data, out, epoch, offsetMicros);
            String where = "kill " + (kill + 1) + " at " + offsetMicros + " us after epoch " + epoch + ":\n" + seen;
            Set<Path> stillThere = new TreeSet<>(leftByEarlierKills);
            stillThere.retainAll(temporaries(out));
            assertEquals(Set.of(), stillThere, "a run that started training removes what killed runs left; " + where);
            if (Files.exists(out.resolve("model.safetensors"))) {
                ModelState.load(model(), out.resolve("model.safetensors"));   // throws when torn or incomplete
                checkpointsLoaded++;
            }
            assertReportFilesComplete(out, where);
            leftByEarlierKills = temporaries(out);
            temporariesLeft += leftByEarlierKills.size();
        }
        System.out.printf("%d kills: %d checkpoints loaded, %d temporaries left by kills mid-write%n", KILLS,
                checkpointsLoaded, temporariesLeft);
        assertTrue(checkpointsLoaded > 0, "some kill came after the first checkpoint");
    }

    /** Starts {@code nn train} in a child JVM and kills it with SIGKILL a moment after an epoch's line. */
    private static String trainAndKill(Path data, Path out, int epoch, long offsetMicros) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-p", System.getProperty("jdk.module.path"), "-cp", System.getProperty("java.class.path"),
                "--add-modules", "ALL-MODULE-PATH", "-Dguice_bytecode_gen_option=DISABLED",
                "-m", "dev.nn.cli/dev.nn.cli.Main"));
        command.addAll(List.of(TRAIN));
        command.addAll(List.of("--data", data.toString(), "--out", out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        CountDownLatch training = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    if (line.startsWith("epoch " + epoch + "/")) {
                        training.countDown();
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is killed
            }
        });
        boolean started = training.await(60, TimeUnit.SECONDS);
        if (started) {
            LockSupport.parkNanos(offsetMicros * 1000);
        }
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no finally block runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child ended");
        reader.join(10_000);
        synchronized (seen) {
            assertTrue(started, "the child never finished epoch " + epoch + ":\n" + seen);
            return seen.toString();
        }
    }

    /** The model {@code nn train} builds for {@link #TRAIN}: what its checkpoint must load into. */
    private static dev.nn.core.layer.Sequential model() {
        return ModelSpec.parse("mlp:64;norm=batch;dropout=0").build(B, Shape.of(1, 28, 28), 10,
                new SplittableRandom(1), NoiseSource.of(1));
    }

    /** Every file a reader would take for a report file (everything but temporaries) parses whole. */
    private static void assertReportFilesComplete(Path out, String where) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    assertNotNull(Json.parse(Files.readString(f)), name + "; " + where);
                } else if (name.endsWith(".png")) {
                    byte[] png = Files.readAllBytes(f);
                    String tail = new String(png, Math.max(0, png.length - 8), Math.min(8, png.length),
                            java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertTrue(tail.startsWith("IEND"), name + " ends with its IEND chunk; " + where);
                } else if (!name.endsWith(".tmp")) {
                    assertFalse(Files.size(f) == 0 && !Files.isDirectory(f), name + " is empty; " + where);
                }
            }
        }
    }

    private static Set<Path> temporaries(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            return new TreeSet<>(files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

}
