/**
 * The conformance kit: reads golden files (PyTorch and scikit-learn reference vectors), dispatches each on its
 * {@code op} to a checker and reports PASS, FAIL or SKIP per case. Any backend, ours or a third party's, can be
 * run through it.
 */
module dev.nn.conformance {
    requires transitive dev.nn.api;
    requires dev.nn.core;
    requires dev.nn.init;
    requires dev.nn.norm;
    requires dev.nn.regularize;
    requires dev.nn.validate;

    exports dev.nn.conformance;
}
