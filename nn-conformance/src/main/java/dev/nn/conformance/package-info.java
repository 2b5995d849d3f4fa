/** Golden-file model, tolerance rule and the runner behind {@code nn conformance}. */
package dev.nn.conformance;
