package org.example.nnlibrary;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.core.data.CsvReader;
import dev.nn.core.data.Dataset;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.train.History;
import dev.nn.core.train.Trainer;
import dev.nn.model.Model;
import dev.nn.model.ModelSpec;
import dev.nn.model.Prediction;
import dev.nn.validate.HoldOut;
import dev.nn.validate.HoldOutSplit;
import dev.nn.validate.Samples;
import dev.nn.validate.SizeSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a small classifier on a CSV with word labels (Iris: four measurements, three species), checks it on held-out
 * flowers, saves it, loads it back and names the species of a new flower.
 * Run: {@code IrisExample iris.csv iris.safetensors}.
 */
public final class IrisExample {
    private IrisExample() {
    }

    /** @param args the CSV file (label column {@code species}) and the model file to write */
    public static void main(String[] args) {
        Dataset all = CsvReader.builder().setLabelColumn("species").optClassLabels(true).build()
                .read(Path.of(args[0]));
        Path file = Path.of(args[1]);

        // hold out 20 % as the test set, then 20 % of the rest for validation, keeping the class proportions
        HoldOutSplit outer = stratified(all);
        Dataset test = all.subset(outer.test());
        Dataset pool = all.subset(outer.train());
        HoldOutSplit inner = stratified(pool);
        Dataset train = pool.subset(inner.train());
        Dataset validation = pool.subset(inner.test());

        try (Backend backend = Backends.select()) {
            Model model = Model.create(ModelSpec.parse("mlp:16;norm=batch"), train, backend, 42);
            History history = Trainer.builder().setModel(model.network()).setLoss(new CrossEntropyLoss())
                    .setOptimizer(new Adam(List.copyOf(model.network().namedParameters().values()), 0.01))
                    .setEpochs(40).optBatchSize(16).optSeed(42).optBackend(backend).build()
                    .fit(model.standardize(train), model.standardize(validation));   // the model's own scaling
            System.out.println(history);   // a table: loss and accuracy per epoch
            System.out.printf("test accuracy: %.3f%n", model.evaluate(test).accuracy());
            model.save(file);   // weights + recipe, standardizer and class names
        }

        try (Backend backend = Backends.select()) {
            Model loaded = Model.load(file, backend);
            Prediction p = loaded.predict(6.3f, 2.8f, 5.1f, 1.5f);   // raw measurements, in cm
            System.out.println(p.className() + " " + Arrays.toString(p.probabilities()));
        }
    }

    private static HoldOutSplit stratified(Dataset data) {
        int[] classes = new int[data.size()];
        Arrays.setAll(classes, i -> (int) data.label(i));
        return HoldOut.builder().optTestSize(SizeSpec.fraction(0.2)).optShuffle(true).optSeed(42).optStratify(true)
                .build().split(Samples.labeled(classes));
    }
}
