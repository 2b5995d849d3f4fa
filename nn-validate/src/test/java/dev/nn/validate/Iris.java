package dev.nn.validate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fisher's Iris data (1936; public domain), 150 rows, 4 features, classes 0/1/2 in blocks of 50 (sorted), copied
 * from the CSV that scikit-learn ships ({@code sklearn/datasets/data/iris.csv}) with a named header.
 */
final class Iris {
    final float[][] x;
    final float[] y;
    final int[] labels;

    Iris() {
        List<float[]> rows = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Iris.class.getResourceAsStream("iris.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                rows.add(new float[] {Float.parseFloat(f[0]), Float.parseFloat(f[1]), Float.parseFloat(f[2]),
                    Float.parseFloat(f[3])});
                classes.add(Integer.parseInt(f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        x = rows.toArray(new float[0][]);
        labels = classes.stream().mapToInt(Integer::intValue).toArray();
        y = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            y[i] = labels[i];
        }
    }
}
