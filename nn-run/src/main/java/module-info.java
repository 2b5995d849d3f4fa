/**
 * {@code nn-run}, the smoke command of the small jlink images (tools/images.sh): builds an MLP with
 * {@code dev.nn.core}, initializes it through the initializer SPI, trains it a few steps on the selected backend
 * and prints that backend. Exports nothing.
 */
module dev.nn.run {
    requires dev.nn.core;
}
