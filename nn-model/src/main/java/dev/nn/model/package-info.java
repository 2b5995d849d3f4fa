/**
 * {@link dev.nn.model.ModelSpec} (model recipes as text) and {@link dev.nn.model.Model} (a trained network with
 * what it needs to read raw inputs: save, load, predict, evaluate).
 */
package dev.nn.model;
