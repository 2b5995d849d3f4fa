package dev.nn.model;

import java.util.List;

/**
 * A model's answer for one sample.
 *
 * @param index the predicted class's index (the largest output; the first of equal ones)
 * @param className the predicted class's name
 * @param probabilities every class's probability (softmax of the outputs), by class index
 */
public record Prediction(int index, String className, float[] probabilities) {
    /**
     * {@return the prediction of the class with the largest output}
     *
     * @param logits the model's outputs for one sample
     * @param classNames class names by index, as many as outputs
     */
    static Prediction of(float[] logits, List<String> classNames) {
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logits.length; c++) {
            if (logits[c] > max) {
                max = logits[c];
                best = c;
            }
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int c = 0; c < logits.length; c++) {
            e[c] = Math.exp(logits[c] - max);   // shifted by the max: no overflow
            sum += e[c];
        }
        float[] p = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return new Prediction(best, classNames.get(best), p);
    }

    /** {@return a copy of the probabilities} */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }
}
