package dev.nn.validate;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;

/**
 * A model trained by {@link NetworkFitter} with the standardizer fitted on its training rows.
 *
 * @param model the trained model (holding the kept epoch's weights)
 * @param standardizer the feature scaling fitted on the training rows, or null when not standardized
 * @param history the per-epoch record
 */
public record TrainedModel(Layer model, Standardizer standardizer, FitHistory history) {
    /**
     * {@return model outputs row-major, eval mode}
     *
     * @param samples feature rows to predict (raw; the fitted standardizer is applied)
     * @param backend the model's backend
     */
    public float[] predict(Dataset samples, Backend backend) {
        Dataset in = standardizer == null ? samples : standardizer.transform(samples);
        return model.forward(backend.tensor(Shape.of(in.size(), in.sampleSize()), in.features()), Mode.EVAL)
                .toArray();
    }
}
