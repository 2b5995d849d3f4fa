package dev.nn.validate;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;

/**
 * A model trained by {@link NetworkFitter} with the standardizer fitted on its training rows.
 *
 * @param model the trained model (holding the kept epoch's weights)
 * @param standardizer the feature scaling fitted on the training rows
 * @param history the per-epoch record
 */
public record TrainedModel(Layer model, Standardizer standardizer, FitHistory history) {
    /**
     * @param x rows of features
     * @param rows which rows to predict
     * @param backend the model's backend
     * @return model outputs row-major, eval mode
     */
    public float[] predict(float[][] x, int[] rows, dev.nn.api.backend.Backend backend) {
        float[] flat = standardizer.transform(x, rows);
        int d = flat.length / Math.max(1, rows.length);
        return model.forward(backend.tensor(Shape.of(rows.length, d), flat), Mode.EVAL).toArray();
    }
}
