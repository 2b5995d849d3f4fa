package dev.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializers;
import dev.nn.core.data.CsvReader;
import dev.nn.core.data.Dataset;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.validate.CrossValidation;
import dev.nn.validate.CrossValidationResult;
import dev.nn.validate.EarlyStopping;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import dev.nn.validate.GridSearch;
import dev.nn.validate.Samples;
import dev.nn.validate.StratifiedKFold;
import dev.nn.validate.TrainerFitter;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialWork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training recipe cross-validated on Iris through the trial seam. */
class TrainingRecipeTest {
    private static Dataset iris;
    private static int[] labels;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = TrainingRecipeTest.class.getResourceAsStream("iris.csv")) {
            iris = CsvReader.builder().setLabelColumn("species").optClassLabels(true).build()
                    .parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "iris.csv");
        }
        labels = new int[iris.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) iris.label(i);
        }
    }

    private static TrainingRecipe recipe() {
        return TrainingRecipe.builder().setModel("mlp:16").optOptimizer(OptimizerRecipe.of("adam", 0.01, 0))
                .optEpochs(6).optBatchSize(16).optPatience(3).optBackend("scalar").build();
    }

    private static CrossValidation.Builder fiveFolds() {
        return CrossValidation.builder().setSplitter(new StratifiedKFold(5, true, 3L)).optSeed(11);
    }

    @Test
    void fiveFoldsGiveTheSameResultsSequentiallyAndOnTwoThreads() {
        TrialWork work = recipe().work();
        CrossValidationResult sequential = fiveFolds().setWork(work, iris).build().run(Samples.labeled(labels));
        CrossValidationResult twoThreads = fiveFolds().setWork(work, iris).optRunner(new LocalTrialRunner(2))
                .build().run(Samples.labeled(labels));
        assertEquals(5, sequential.folds().size());
        assertEquals(sequential.folds(), twoThreads.folds(), "per-fold histories, bit for bit");
        assertTrue(sequential.estimate("val_accuracy").mean() > 0.8,
                "Iris is learnable: " + sequential.estimate("val_accuracy"));
        System.out.println("recipe 5-fold CV on Iris: val_accuracy " + sequential.estimate("val_accuracy"));
    }

    @Test
    void theRecipeTrainsExactlyWhatTheInProcessTrainerFitterDid() {
        TrainingRecipe r = recipe();
        try (var backend = Backends.select("scalar")) {
            TrainerFitter fitter = TrainerFitter.builder().setData(iris).setBackend(backend)
                    .setModel((b, features, random) -> r.initialized(b, iris.sampleShape(), 3, random.nextLong(),
                            Initializers.registry()).model())
                    .setLoss(CrossEntropyLoss::new).setOptimizer(r.optimizer()::create).optEpochs(r.epochs())
                    .optBatchSize(r.batchSize()).optStandardize(true)
                    .optEarlyStopping(() -> EarlyStopping.builder().optMonitor(FitHistory.VAL_LOSS)
                            .optPatience(r.patience()).optRestoreBestWeights(true).build()).build();
            CrossValidationResult inProcess = fiveFolds().setFitter(fitter).build().run(Samples.labeled(labels));
            CrossValidationResult recipe = fiveFolds().setWork(r.work(), iris).build().run(Samples.labeled(labels));
            assertEquals(inProcess.folds(), recipe.folds(), "the recipe path reproduces nn cv's former fitter");
        }
    }

    @Test
    void aShippedWorkTrainsTheSameHistory() throws Exception {
        TrialWork work = recipe().work();
        FoldContext fold = new FoldContext(0, range(0, 120), range(120, 150), 99L);
        TrialWork shipped = roundTrip(work);
        assertEquals(work.fit(fold, iris, () -> false), shipped.fit(fold, iris, () -> false));
        assertEquals(recipe(), roundTrip(recipe()), "the recipe itself is plain data");
    }

    @Test
    void anotherSeedTrainsAnotherModel() {
        TrialWork work = recipe().work();
        int[] train = range(0, 150);
        assertNotEquals(work.fit(new FoldContext(0, train, new int[0], 1L), iris, () -> false),
                work.fit(new FoldContext(0, train, new int[0], 2L), iris, () -> false));
    }

    @Test
    void aTrialOnAMissingBackendComesBackFailedWithTheReason() {
        TrainingRecipe broken = TrainingRecipe.builder().setModel("mlp:8").optBackend("no-such-backend").build();
        FoldContext fold = new FoldContext(0, range(0, 100), range(100, 150), 5L);
        List<Trial> trials = List.of(new Trial(0, 0, fold), new Trial(1, 1, fold));
        List<TrialResult> results = LocalTrialRunner.sequential().run(new TrialJob(trials, iris,
                List.of(broken.work(), recipe().work()), 1));
        assertTrue(results.get(0).failed());
        assertTrue(results.get(0).error().message().contains("no-such-backend"), results.get(0).error().message());
        assertTrue(results.get(1).ok(), "the other candidate still trained: " + results.get(1));
        NnException e = assertThrows(NnException.class, () -> fiveFolds().setWork(broken.work(), iris).build()
                .run(Samples.labeled(labels)));
        assertTrue(e.getMessage().contains("folds 1, 2, 3, 4, 5 of 5 failed: ") && e.getMessage().contains("no-such-backend"),
                e.getMessage());
    }

    @Test
    void gridSearchOverRecipesSkipsTheBrokenCandidate() {
        List<TrainingRecipe> grid = new ArrayList<>();
        for (double lr : new double[] {1e-5, 0.02}) {
            grid.add(TrainingRecipe.builder().setModel("mlp:16").optOptimizer(OptimizerRecipe.of("adam", lr, 0))
                    .optEpochs(6).optBatchSize(16).optBackend("scalar").build());
        }
        grid.add(TrainingRecipe.builder().setModel("mlp:16").optInit("no_such_init").optBackend("scalar").build());
        GridSearch<TrainingRecipe> search = GridSearch.ofWorks(grid, TrainingRecipe::work, iris,
                new StratifiedKFold(3, true, 1L), "val_accuracy", true, 4).optRunner(new LocalTrialRunner(2));
        GridSearch.Result<TrainingRecipe> r = search.run(Samples.labeled(labels), range(0, 150));
        assertEquals(1, r.bestIndex(), "lr 0.02 learns Iris in 6 epochs, lr 1e-5 barely moves");
        assertTrue(r.candidates().get(2).failed());
        assertTrue(r.candidates().get(2).error().message().contains("no_such_init"),
                r.candidates().get(2).error().toString());
        assertEquals(6, r.refit().epochs());
    }

    /** The weights a trial returns are the model that scored: loaded back, it scores the same on its fold. */
    @Test
    void aJobAskingForWeightsGetsEachTrialsModelAsALoadableFile(@TempDir Path dir) throws IOException {
        TrainingRecipe noStop = TrainingRecipe.builder().setModel("mlp:16").optOptimizer(OptimizerRecipe.of("adam",
                0.01, 0)).optEpochs(4).optBatchSize(16).optBackend("scalar").build();
        FoldContext fold = new FoldContext(0, everyOther(0), everyOther(1), 9L);
        TrialJob plain = new TrialJob(List.of(new Trial(0, 0, fold)), iris, List.of(noStop.work()), 1);
        TrialResult without = LocalTrialRunner.sequential().run(plain).getFirst();
        assertNull(without.weights(), "weights only on request");

        TrialResult with = new LocalTrialRunner(2).run(plain.withWeights()).getFirst();
        assertTrue(with.ok(), with.toString());
        assertEquals(without.history(), with.history(), "asking for weights changes nothing of the training");
        Path file = Files.write(dir.resolve("fold.safetensors"), with.weights());
        try (var backend = Backends.select("scalar", new dev.nn.api.backend.BackendConfig(1))) {
            Model model = Model.load(file, backend);
            var score = model.evaluate(iris.subset(everyOther(1)));
            assertEquals(with.history().last("val_accuracy"), score.accuracy(), 1e-12);
            assertEquals(with.history().last("val_loss"), score.loss(), 1e-6);
        }

        TrialWork historyOnly = (f, data, stop) -> noStop.work().fit(f, data, stop);
        TrialResult refused = LocalTrialRunner.sequential().run(new TrialJob(List.of(new Trial(0, 0, fold)), iris,
                List.of(historyOnly), 1, true)).getFirst();
        assertTrue(refused.failed());
        assertTrue(refused.error().message().contains("cannot return its trained weights"), refused.toString());
    }

    private static int[] everyOther(int start) {
        return java.util.stream.IntStream.iterate(start, i -> i < 150, i -> i + 2).toArray();
    }

    @Test
    void optimizerDefaultsAndRefusals() {
        assertEquals(0.05, OptimizerRecipe.of("SGD", null, 0).learningRate());
        assertEquals(0.9, OptimizerRecipe.of("sgd", null, 0).momentum());
        assertEquals(1e-3, OptimizerRecipe.of("adamw", null, 0.01).learningRate());
        assertEquals(0, OptimizerRecipe.of("adam", null, 0).momentum());
        NnException unknown = assertThrows(NnException.class, () -> OptimizerRecipe.of("rmsprop", null, 0));
        assertEquals("Unknown optimizer 'rmsprop'. Valid: sgd, adam, adamw", unknown.getMessage());
        assertThrows(NnException.class, () -> OptimizerRecipe.of("adam", -1.0, 0));
        assertThrows(NnException.class, () -> OptimizerRecipe.of("adam", null, Double.NaN));
    }

    @Test
    void theRecipeKeepsTheModelInFullFormAndRefusesBadNumbers() {
        assertEquals("mlp:16;norm=batch;dropout=0", recipe().model());
        assertThrows(NnException.class, () -> TrainingRecipe.builder().setModel("mlp:16").optEpochs(0).build());
        assertThrows(NnException.class, () -> TrainingRecipe.builder().setModel("mlp:16").optPatience(-1).build());
        NnException noModel = assertThrows(NnException.class, () -> TrainingRecipe.builder().build());
        assertTrue(noModel.getMessage().contains("setModel"), noModel.getMessage());
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
