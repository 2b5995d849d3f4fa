package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.FanMode;
import dev.nn.init.Init;
import dev.nn.init.ScalingDistribution;

/** {@code variance_scaling}: Keras' variance scaling; defaults scale=1, mode=fan_in, distribution=truncated_normal. */
public final class VarianceScalingProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public VarianceScalingProvider() {
        super("variance_scaling", "scale", "mode", "distribution");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.varianceScaling(p.getDouble("scale", 1),
                FanMode.varianceScaling(p.getString("mode", "fan_in")),
                ScalingDistribution.parse(p.getString("distribution", "truncated_normal")));
    }
}
