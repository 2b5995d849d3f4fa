package org.example.nnlibrary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.model.Model;
import dev.nn.model.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library program, run as a user runs it, so that it cannot rot. */
class IrisExampleTest {
    @Test
    void theProgramTrainsSavesLoadsAndNamesTheSpecies(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("iris.csv");
        try (InputStream in = IrisExampleTest.class.getResourceAsStream("iris.csv")) {
            Files.write(csv, in.readAllBytes());
        }
        Path file = dir.resolve("iris.safetensors");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            IrisExample.main(new String[] {csv.toString(), file.toString()});
        } finally {
            System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        Matcher accuracy = Pattern.compile("test accuracy: (\\d\\.\\d+)").matcher(printed);
        assertTrue(accuracy.find(), printed);
        assertTrue(Double.parseDouble(accuracy.group(1)) >= 0.8, "Iris is nearly separable: " + printed);
        assertTrue(printed.contains("epoch  train_loss"), "the history prints as a table: " + printed);
        List<String> lines = printed.lines().toList();
        String species = lines.getLast().split(" ")[0];
        assertTrue(List.of("versicolor", "virginica").contains(species), "a flower between two species: " + printed);
        try (Backend backend = Backends.select("scalar")) {
            assertEquals(List.of("setosa", "versicolor", "virginica"), Model.load(file, backend).classNames());
        }
    }

    /** The README shows this program's code: the two must not drift apart. */
    @Test
    void theReadmeShowsThisProgram() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        int start = readme.indexOf("```java\npublic static void main");
        assertTrue(start >= 0, "the README's 'Use nn from Java' section shows main");
        String shown = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
        List<String> source = Files.readAllLines(Path.of("src/main/java/org/example/nnlibrary/IrisExample.java"));
        int from = source.indexOf("    public static void main(String[] args) {");
        String program = String.join("\n", source.subList(from, source.size() - 1).stream()
                .map(l -> l.startsWith("    ") ? l.substring(4) : l).toList()) + "\n";
        assertEquals(program, shown);
    }

    @Test
    void aPluginsNormalizationIsUsableInARecipeByName() {
        try (Backend backend = Backends.select("scalar")) {
            float[] x = new float[12];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 5;
            }
            Dataset data = new Dataset(x, Shape.of(3), new float[] {0, 1, 0, 1});
            Model model = Model.create(ModelSpec.parse("mlp:8;norm=power_norm"), data, backend, 1);
            assertEquals("mlp:8;norm=power_norm;dropout=0", model.spec().toString());
            assertEquals("PowerNorm", model.network().children().get("2").getClass().getSimpleName());
            assertEquals(2, model.predict(data).getFirst().probabilities().length);
        }
    }
}
