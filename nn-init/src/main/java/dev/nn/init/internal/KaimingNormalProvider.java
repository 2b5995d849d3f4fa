package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.FanMode;
import dev.nn.init.Init;

/** {@code kaiming_normal}: He normal; defaults a=0, mode=fan_in, nonlinearity=leaky_relu. */
public final class KaimingNormalProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public KaimingNormalProvider() {
        super("kaiming_normal", "a", "mode", "nonlinearity");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.kaimingNormal(p.getDouble("a", 0), FanMode.kaiming(p.getString("mode", "fan_in")),
                p.getString("nonlinearity", "leaky_relu"));
    }
}
