/**
 * An nn user's program, outside the framework's packages: it trains, validates, saves, loads and predicts with the
 * published API only.
 */
module org.example.nnlibrary {
    requires dev.nn.model;
    requires dev.nn.validate;
}
