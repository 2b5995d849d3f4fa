/** Where the {@code nn} command's data comes from: bundled Fashion-MNIST, an IDX folder, or a CSV file. */
package dev.nn.cli.data;
