package dev.nn.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamsTest {
    @Test
    void typedAccessWithDefaults() {
        Params p = Params.of("gain", 2, "mode", "fan_out", "momentum", null, "affine", false);
        assertEquals(2.0, p.getDouble("gain", 1.0));
        assertEquals(2, p.requireInt("gain"));
        assertEquals("fan_out", p.getString("mode", "fan_in"));
        assertEquals(0.5, p.getDouble("a", 0.5));
        assertTrue(p.has("momentum"));
        assertNull(p.get("momentum"));
        assertEquals(false, p.getBoolean("affine", true));
    }

    @Test
    void wrongTypesAndUnknownNamesAreRejected() {
        Params p = Params.of("gain", "big", "gian", 1.0);
        var type = assertThrows(IllegalArgumentException.class, () -> p.getDouble("gain", 1.0));
        assertTrue(type.getMessage().contains("'gain' must be a number, got big"), type.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> p.requireOnly("initializer 'xavier_uniform'", Set.of("gain")));
        assertEquals("Unknown parameter 'gian' for initializer 'xavier_uniform'. Known: gain", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Params.of("odd"));
        assertThrows(IllegalArgumentException.class, () -> Params.of("x", 1.5).requireInt("x"));
    }
}
