package dev.nn.core.train;

/**
 * What one training batch measured.
 *
 * @param epoch 1-based epoch
 * @param batch 1-based batch number within the epoch
 * @param batches batches per epoch
 * @param size samples in this batch
 * @param loss the batch's mean loss
 * @param accuracy the batch's accuracy, NaN when not a classification output
 */
public record BatchRecord(int epoch, int batch, int batches, int size, double loss, double accuracy) {
}
