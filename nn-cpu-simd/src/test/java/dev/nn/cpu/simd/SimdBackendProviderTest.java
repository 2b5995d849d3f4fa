package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;
import dev.nn.api.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Discovery, selection, probing and the provider's registration. */
class SimdBackendProviderTest {
    @Test
    void runsOnTheModulePath() {
        assertTrue(getClass().getModule().isNamed());
        assertEquals("dev.nn.cpu.simd", getClass().getModule().getName());
    }

    @Test
    void priorityPicksCpuSimdOverScalar() {
        assertNull(System.getProperty("nn.backend"), "this test needs selection by priority");
        Backend chosen = Backends.select();
        assertEquals("cpu-simd", chosen.name());
        assertEquals(SimdBackend.class, chosen.getClass());
        List<String> order = Backends.statuses().stream().map(s -> s.name()).toList();
        assertTrue(order.indexOf("cpu-simd") < order.indexOf("scalar"), "priority order " + order);
    }

    @Test
    void scalarCanStillBeChosenByName() {
        assertEquals("scalar", Backends.select("scalar").name());
        assertEquals("cpu-simd", Backends.select("cpu-simd").name());
    }

    @Test
    void threadsDefaultToAllProcessors() {
        var b = (SimdBackend) new SimdBackendProvider().create(BackendConfig.defaults());
        assertEquals(Runtime.getRuntime().availableProcessors(), b.threads());
        assertEquals(3, ((SimdBackend) new SimdBackendProvider().create(new BackendConfig(3))).threads());
    }

    @Test
    void providerStatesItsContract() {
        var p = new SimdBackendProvider();
        assertEquals("cpu-simd", p.name());
        assertEquals(100, p.priority());
        assertTrue(p.probe().available(), p.probe().reason());
    }

    @Test
    void probeSaysHowToFixAMissingVectorModule() {
        Availability a = SimdBackendProvider.probe(ModuleLayer.empty());
        assertFalse(a.available());
        assertEquals("jdk.incubator.vector not readable (add --add-modules jdk.incubator.vector)", a.reason());
    }

    @Test
    void vectorWidthProblemsAreExplained() {
        assertNull(SimdSpecies.problem(null, 512));
        assertNull(SimdSpecies.problem("256", 512));
        assertEquals("preferred vector width is 64 bits; cpu-simd needs at least 128",
                SimdSpecies.problem(null, 64));
        assertEquals("nn.simd.bits=wide is not a vector width; use 128, 256 or 512 (or leave it unset)",
                SimdSpecies.problem("wide", 512));
        assertEquals("nn.simd.bits=96 is not a vector width; use 128, 256 or 512 (or leave it unset)",
                SimdSpecies.problem("96", 512));
        assertEquals("nn.simd.bits=512 exceeds this CPU's 256-bit vectors; use at most 256",
                SimdSpecies.problem("512", 256));
    }

    @Test
    void badShapesAreRejectedWithTheSizes() {
        Backend b = Backends.select("cpu-simd");
        var small = b.zeros(Shape.of(2, 3));
        var e = assertThrows(ShapeException.class,
                () -> b.gemm(small, false, false, 4, 3, 2, 1f, b.zeros(Shape.of(4, 2)), b.zeros(Shape.of(2, 3)), 0f));
        assertEquals("Tensor 'c' [2, 3] holds 6 values; the kernel needs 12", e.getMessage());
        var e2 = assertThrows(ShapeException.class, () -> b.add(small, small, b.zeros(Shape.of(5))));
        assertTrue(e2.getMessage().contains("must hold the same number of values"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> b.sgdStep(small, null, small, 0.1f, 0.9f, 0f,
                0f, false, true));
        assertTrue(e3.getMessage().contains("needs a momentum buffer"), e3.getMessage());
    }

    @Test
    void servicesFileListsTheSameProvidersAsTheModuleDescriptor() throws IOException {
        ModuleDescriptor d = getClass().getModule().getDescriptor();
        Set<String> declared = d.provides().stream()
                .filter(p -> p.service().equals(BackendProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
        Set<String> listed;
        try (InputStream in = getClass().getModule()
                .getResourceAsStream("META-INF/services/" + BackendProvider.class.getName())) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        }
        assertEquals(Set.of(SimdBackendProvider.class.getName()), declared);
        assertEquals(declared, listed);
    }
}
