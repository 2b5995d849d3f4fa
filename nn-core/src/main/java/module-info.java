/**
 * The training core: layers, losses, optimizers, the trainer, datasets and model state. It brings the
 * {@code scalar} reference backend ({@code dev.nn.host}) with it, so a model always has a backend to run on.
 */
module dev.nn.core {
    requires transitive dev.nn.api;
    requires transitive dev.nn.host;
    requires static com.google.guice;

    exports dev.nn.core.json;
    exports dev.nn.core.layer;
    exports dev.nn.core.loss;
    exports dev.nn.core.optim;
    exports dev.nn.core.state;
    exports dev.nn.core.data;
    exports dev.nn.core.train;
    exports dev.nn.core.inject;

    opens dev.nn.core.inject to com.google.guice;
}
