package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.model.OptimizerRecipe;
import dev.nn.model.TrainingRecipe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridAxesTest {
    private static final TrainingRecipe BASE = new TrainingRecipe("mlp:64", "recommended",
            OptimizerRecipe.of("adam", null, 0), 5, 64, true, 0, "scalar", 1);

    @Test
    void everyCombinationWithTheFirstNamedSettingVaryingSlowest() {
        GridAxes axes = GridAxes.parse(List.of("lr=0.1,0.01", "model=mlp:8", "model=mlp:16,8", "lr=0.001"));
        assertEquals(List.of("lr", "model"), axes.names());
        assertEquals(List.of(
                Map.of("lr", "0.1", "model", "mlp:8"), Map.of("lr", "0.1", "model", "mlp:16,8"),
                Map.of("lr", "0.01", "model", "mlp:8"), Map.of("lr", "0.01", "model", "mlp:16,8"),
                Map.of("lr", "0.001", "model", "mlp:8"), Map.of("lr", "0.001", "model", "mlp:16,8")),
                axes.combinations());
    }

    @Test
    void aCombinationChangesOnlyItsOwnSettingsOfTheCommandLinesRecipe() {
        TrainingRecipe r = GridAxes.apply(BASE, null, Map.of("model", "mlp:16,8", "dropout", "0.25",
                "optimizer", "sgd", "batch", "32"));
        assertEquals("mlp:16,8;norm=batch;dropout=0.25", r.model());
        assertEquals(new OptimizerRecipe("sgd", OptimizerRecipe.SGD_DEFAULT_LR, 0), r.optimizer(),
                "no --lr: the grid's optimizer trains at its own usual rate");
        assertEquals(32, r.batchSize());
        assertEquals(5, r.epochs());
        assertEquals("scalar", r.backend());

        TrainingRecipe rate = GridAxes.apply(BASE, 0.003, Map.of("optimizer", "sgd", "weight-decay", "1e-4"));
        assertEquals(new OptimizerRecipe("sgd", 0.003, 1e-4), rate.optimizer(), "the command line's --lr stays");
        assertEquals(0.5, GridAxes.apply(BASE, 0.003, Map.of("lr", "0.5")).optimizer().learningRate(),
                "the grid's lr wins over --lr");
    }

    @Test
    void badEntriesAreRefusedNamingTheEntryAndWhatIsValid() {
        var unknown = assertThrows(NnException.class, () -> GridAxes.parse(List.of("momentum=0.9")));
        assertTrue(unknown.getMessage().startsWith("--grid momentum=0.9: expected NAME=V1,V2,... with NAME one of "
                + "model, norm, dropout"), unknown.getMessage());
        var empty = assertThrows(NnException.class, () -> GridAxes.parse(List.of("lr=0.1,")));
        assertTrue(empty.getMessage().contains("--grid lr=0.1, has an empty value"), empty.getMessage());
        var none = assertThrows(NnException.class, () -> GridAxes.parse(List.of()));
        assertTrue(none.getMessage().contains("at least one --grid"), none.getMessage());
        var word = assertThrows(NnException.class, () -> GridAxes.apply(BASE, null, Map.of("lr", "fast")));
        assertEquals("--grid lr=fast: 'fast' is not a number", word.getMessage());
        var batch = assertThrows(NnException.class, () -> GridAxes.apply(BASE, null, Map.of("batch", "0")));
        assertTrue(batch.getMessage().contains("batch size >= 1"), batch.getMessage());
        var kind = assertThrows(NnException.class, () -> GridAxes.apply(BASE, null, Map.of("optimizer", "lbfgs")));
        assertTrue(kind.getMessage().startsWith("--grid optimizer=lbfgs: "), kind.getMessage());
    }
}
