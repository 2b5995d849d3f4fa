/**
 * Models as users keep them: recipes written in a line of text ({@code mlp:256,128;norm=batch;dropout=0.3}) and
 * self-describing model files that carry the recipe, the fitted input standardizer and the class names beside
 * PyTorch-compatible weights, so a saved model predicts on raw inputs after {@code Model.load}.
 *
 * <p>{@link dev.nn.model.TrainingRecipe} is a whole training setup as plain data, with the
 * {@link dev.nn.validate.trial.TrialWork} that trains it wherever a cross-validation or grid-search trial runs.
 *
 * <p>Normalizations are looked up by name through {@link dev.nn.api.spi.NormalizationProvider}; {@code dev.nn.norm}
 * (or a plugin's module) only needs to be on the module path.
 */
module dev.nn.model {
    requires transitive dev.nn.api;
    requires transitive dev.nn.core;
    requires transitive dev.nn.regularize;
    requires transitive dev.nn.init;
    requires transitive dev.nn.validate;

    exports dev.nn.model;
}
