package dev.nn.init;

import dev.nn.api.tensor.Shape;

/**
 * A weight whose initialization makes its units indistinguishable.
 *
 * @param parameter the dotted parameter name
 * @param layerKind the owning layer's kind
 * @param shape the weight's shape
 * @param constant whether every value is equal (otherwise the rows, one per unit, are equal)
 * @param message the explanation and the fix
 */
public record LintFinding(String parameter, String layerKind, Shape shape, boolean constant, String message) {
}
