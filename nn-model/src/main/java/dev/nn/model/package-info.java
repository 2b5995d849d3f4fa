/**
 * {@link dev.nn.model.ModelSpec} (model recipes as text) and {@link dev.nn.model.Model} (a trained network with
 * what it needs to read raw inputs: save, load, predict, evaluate); {@link dev.nn.model.TrainingRecipe} (a whole
 * training setup as plain data, trainable on any {@link dev.nn.validate.trial.TrialRunner}).
 */
package dev.nn.model;
