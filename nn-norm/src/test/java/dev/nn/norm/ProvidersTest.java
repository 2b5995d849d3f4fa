package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    private static final String SPI = NormalizationProvider.class.getName();

    @Test
    @Tag("module-path") // PIT runs tests on the class path, where no module exists
    void testsRunInsideTheNamedModule() {
        assertEquals("dev.nn.norm", getClass().getModule().getName());
    }

    @Test
    @Tag("module-path") // PIT runs tests on the class path, where no module exists
    void moduleInfoAndMetaInfServicesListTheSameProviders() throws IOException {
        ModuleDescriptor descriptor = getClass().getModule().getDescriptor();
        Set<String> fromModule = new TreeSet<>(descriptor.provides().stream()
                .filter(p -> p.service().equals(SPI)).findFirst().orElseThrow().providers());
        Set<String> fromServices = new TreeSet<>();
        try (InputStream in = getClass().getModule().getResourceAsStream("META-INF/services/" + SPI)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(fromServices::add);
        }
        assertEquals(fromModule, fromServices);
        assertEquals(5, fromModule.size());
        assertTrue(descriptor.exports().stream().noneMatch(e -> e.source().endsWith(".internal")),
                "provider package must stay unexported");
    }

    @Test
    void everyNormalizationIsFoundByName() {
        assertTrue(Normalizations.names().containsAll(
                List.of("batch_norm", "layer_norm", "group_norm", "instance_norm", "rms_norm")),
                Normalizations.names().toString());
        Layer bn = Normalizations.create("batch_norm", Fixtures.SCALAR,
                Params.of("num_features", 3, "dims", 2, "momentum", null, "eps", 1e-3));
        BatchNorm b = assertInstanceOf(BatchNorm.class, bn);
        assertEquals("BatchNorm2d", b.kind());
        assertTrue(b.momentum().isEmpty());
        assertEquals(1e-3f, b.eps());
        assertInstanceOf(LayerNorm.class, Normalizations.create("layer_norm", Fixtures.SCALAR,
                Params.of("normalized_shape", List.of(3, 4))));
        assertInstanceOf(GroupNorm.class, Normalizations.create("group_norm", Fixtures.SCALAR,
                Params.of("num_groups", 2, "num_channels", 4)));
        Layer in = Normalizations.create("instance_norm", Fixtures.SCALAR,
                Params.of("num_features", 3, "dims", 1, "affine", true));
        assertEquals(2, in.ownParameters().size());
        RMSNorm rms = assertInstanceOf(RMSNorm.class, Normalizations.create("rms_norm", Fixtures.SCALAR,
                Params.of("normalized_shape", 8)));
        assertEquals(RMSNorm.FLOAT32_EPS, rms.eps());
        assertEquals(16, rms.forward(Fixtures.tensor(new float[16], 2, 8), Mode.TRAIN).size());
    }

    @Test
    void typosAndBadValuesAreRejectedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalizations.create(
                "batch_norm", Fixtures.SCALAR, Params.of("num_features", 3, "momentun", 0.1)));
        assertTrue(e.getMessage().contains("Unknown parameter 'momentun'"), e.getMessage());
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class, () -> Normalizations.create(
                "batch_norm", Fixtures.SCALAR, Params.of("num_features", 3, "dims", 4)));
        assertTrue(dims.getMessage().contains("1, 2 or 3"), dims.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalizations.create("instance_norm", Fixtures.SCALAR,
                Params.of("num_features", 3)));
        assertThrows(IllegalArgumentException.class, () -> Normalizations.create("layer_norm", Fixtures.SCALAR,
                Params.of("normalized_shape", "five")));
    }
}
