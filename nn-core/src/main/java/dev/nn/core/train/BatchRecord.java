package dev.nn.core.train;

/**
 * What the training batches since the last record measured. The trainer reads the backend once every few steps
 * (and at the end of each epoch), so a record usually covers several batches: {@code firstBatch} to {@code batch}.
 *
 * @param epoch 1-based epoch
 * @param firstBatch 1-based number of the first batch covered
 * @param batch 1-based number of the last batch covered
 * @param batches batches per epoch
 * @param size samples in the batches covered
 * @param loss their mean loss (each batch's mean loss weighted by its size)
 * @param accuracy their accuracy, NaN when not a classification output
 * @param firstNonFinite the 1-based number of the first batch covered whose own loss was NaN or infinite, 0 when
 *     every one was finite: the exact step a run diverged at, although the record covers several
 */
public record BatchRecord(int epoch, int firstBatch, int batch, int batches, int size, double loss,
                          double accuracy, int firstNonFinite) {
}
