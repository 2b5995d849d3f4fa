/**
 * Regularizers: inverted dropout, channel-wise Dropout1d/2d/3d, AlphaDropout and FeatureAlphaDropout, Gaussian
 * dropout and noise, all with masks from counter-based Philox streams; L1 and L2 penalties, decoupled weight decay
 * and the max-norm constraint on parameters.
 */
module dev.nn.regularize {
    requires transitive dev.nn.api;

    exports dev.nn.regularize;
}
