/** Models the {@code nn} command builds from a short spec ({@code mlp:256,128}, {@code cnn}). */
package dev.nn.cli.model;
