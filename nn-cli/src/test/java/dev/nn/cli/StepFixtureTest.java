package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.state.Safetensors;
import dev.nn.core.state.SafetensorsFile;
import dev.nn.core.state.StoredTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reusing buffers and keeping metrics on the backend changed how a step moves memory, not what it computes: the same
 * seed gives the same weights, bit for bit, and the same printed metrics as {@code nn train} did before that work.
 * The numbers are in {@code step-fixture.txt}, made by the build before it (its header says how).
 */
class StepFixtureTest {
    @TempDir
    static Path shared;
    private static Path data;

    record Run(String name, List<String> args, List<String> lines, Map<String, String> tensors) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void unpackBundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
    }

    static Stream<Run> runs() throws IOException {
        List<Run> runs = new ArrayList<>();
        try (InputStream in = StepFixtureTest.class.getResourceAsStream("step-fixture.txt")) {
            assertNotNull(in, "step-fixture.txt is a test resource");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.split(" ", 2);
                switch (parts[0]) {
                    case "run" -> {
                        String[] words = parts[1].split(" ");
                        runs.add(new Run(words[0], List.of(words).subList(1, words.length), new ArrayList<>(),
                                new LinkedHashMap<>()));
                    }
                    case "line" -> runs.getLast().lines().add(parts[1]);
                    case "tensor" -> {
                        String[] t = parts[1].split(" ");
                        runs.getLast().tensors().put(t[0], t[1]);
                    }
                    default -> { } // comments
                }
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void sameSeedGivesTheWeightsAndMetricsOfBefore(Run run, @TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--seed", "7", "--epochs",
                "2", "--out", out.toString()));
        args.addAll(run.args());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err() + r.out());
        for (String expected : run.lines()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(expected)), "missing '" + expected + "' in\n"
                    + r.out());
        }
        SafetensorsFile file = Safetensors.read(out.resolve("model.safetensors"));
        for (var e : run.tensors().entrySet()) {
            StoredTensor t = file.tensors().get(e.getKey());
            assertNotNull(t, e.getKey());
            assertEquals(e.getValue(), sha256(t.values()), e.getKey() + " differs from the weights of before");
        }
        file.tensors().forEach((name, t) -> {
            if (name.endsWith("num_batches_tracked")) {
                assertEquals("I64", t.dtype(), name + " is stored as PyTorch stores it");
            }
        });
    }

    private static String sha256(float[] values) throws NoSuchAlgorithmException {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
