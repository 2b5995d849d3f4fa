package dev.nn.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void toStringIsTheEpochTableOfNnTrainWithTheStopReason() {
        History h = new History();
        h.add(new EpochRecord(1, 0.612, 0.78, 0.5022, 0.818, 1e-3, 5400, 2.14));
        h.add(new EpochRecord(2, 0.45123, 0.8425, 0.463, 0.833, 1e-3, 5400, 1.9));
        h.stopped("early stopping: val_loss did not improve for 3 epochs");
        assertEquals("""
                epoch  train_loss  train_acc    val_loss    val_acc   seconds
                    1      0.6120     0.7800      0.5022     0.8180       2.1
                    2      0.4512     0.8425      0.4630     0.8330       1.9
                stopped: early stopping: val_loss did not improve for 3 epochs
                """, h.toString());
        assertEquals("""
                epoch  train_loss  train_acc    val_loss    val_acc   seconds
                    1      0.6120     0.7800      0.5022     0.8180       2.1
                    2      0.4512     0.8425      0.4630     0.8330       1.9  <- kept
                stopped: early stopping: val_loss did not improve for 3 epochs
                """, h.table(2));
    }

    @Test
    void figuresThatWereNotMeasuredPrintAsNaN() {
        History h = new History();
        h.add(new EpochRecord(1, 2.3026, 0.1, Double.NaN, Double.NaN, 0.1, 10, 0.5));
        assertEquals("""
                epoch  train_loss  train_acc    val_loss    val_acc   seconds
                    1      2.3026     0.1000         NaN        NaN       0.5
                """, h.toString());
    }
}
