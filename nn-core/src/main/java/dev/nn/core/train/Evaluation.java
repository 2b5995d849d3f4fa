package dev.nn.core.train;

/**
 * A model's loss and accuracy on a dataset, measured in eval mode.
 *
 * @param loss mean loss per sample
 * @param accuracy fraction of samples whose arg-max output equals the label; NaN when not a classification output
 * @param samples how many samples were measured
 */
public record Evaluation(double loss, double accuracy, int samples) {
}
