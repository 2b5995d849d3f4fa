package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.init.Initializer;
import dev.nn.api.init.Initializers;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.Params;
import dev.nn.api.spi.ProviderNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Registration, by-name lookup, defaults and parameter checking of the initializer providers. */
class ProvidersTest {
    private static final Set<String> NAMES = Set.of("zeros", "ones", "constant", "uniform", "normal", "trunc_normal",
            "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "lecun_uniform", "lecun_normal",
            "orthogonal", "eye", "dirac", "sparse", "variance_scaling");

    @Test
    @Tag("module-path") // PIT runs tests on the class path, where no module exists
    void testsRunInTheNamedModule() {
        assertEquals("dev.nn.init", getClass().getModule().getName());
    }

    @Test
    @Tag("module-path") // PIT runs tests on the class path, where no module exists
    void moduleInfoAndMetaInfServicesListTheSameProviders() throws IOException {
        ModuleDescriptor d = getClass().getModule().getDescriptor();
        Set<String> provides = d.provides().stream()
                .filter(p -> p.service().equals(InitializerProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> services;
        try (InputStream in = getClass().getModule()
                .getResourceAsStream("META-INF/services/" + InitializerProvider.class.getName())) {
            services = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(provides, services);
        assertEquals(NAMES.size(), provides.size());
    }

    @Test
    void everyNameIsFoundThroughServiceLoader() {
        assertTrue(Initializers.names().containsAll(NAMES), Initializers.names().toString());
    }

    @Test
    void unknownNamesListWhatExists() {
        ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
                () -> Initializers.create("xaviar_uniform", Params.empty()));
        assertTrue(e.getMessage().contains("xavier_uniform"), e.getMessage());
    }

    @Test
    void unknownParametersAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.create("kaiming_normal", Params.of("slope", 0.1)));
        assertTrue(e.getMessage().contains("Unknown parameter 'slope'"), e.getMessage());
        assertTrue(e.getMessage().contains("a, mode, nonlinearity"), e.getMessage());
    }

    @Test
    void badParameterValuesFailAtCreation() {
        InitException e = assertThrows(InitException.class,
                () -> Initializers.create("kaiming_uniform", Params.of("mode", "fan_avg")));
        assertTrue(e.getMessage().startsWith("Mode fan_avg not supported"), e.getMessage());
        e = assertThrows(InitException.class,
                () -> Initializers.create("kaiming_uniform", Params.of("nonlinearity", "gelu")));
        assertTrue(e.getMessage().startsWith("Unsupported nonlinearity gelu"), e.getMessage());
        e = assertThrows(InitException.class,
                () -> Initializers.create("variance_scaling", Params.of("distribution", "laplace")));
        assertTrue(e.getMessage().contains("uniform, normal, truncated_normal"), e.getMessage());
        e = assertThrows(InitException.class, () -> Initializers.create("uniform", Params.of("a", 1, "b", 0)));
        assertTrue(e.getMessage().contains("a <= b"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Initializers.create("constant", Params.empty()));
        assertTrue(missing.getMessage().contains("'val'"), missing.getMessage());
    }

    @Test
    void byNameDefaultsMatchPyTorchsDefaults() {
        assertSame(Init.kaimingUniform(0, FanMode.FAN_IN, "leaky_relu"),
                Initializers.create("kaiming_uniform", Params.empty()));
        assertSame(Init.kaimingNormal(0.2, FanMode.FAN_OUT, "leaky_relu"),
                Initializers.create("kaiming_normal", Params.of("a", 0.2, "mode", "fan_out")));
        assertSame(Init.xavierUniform(1), Initializers.create("xavier_uniform", Params.empty()));
        assertSame(Init.uniform(0, 1), Initializers.create("uniform", Params.empty()));
        assertSame(Init.normal(0, 1), Initializers.create("normal", Params.empty()));
        assertSame(Init.truncNormal(0, 1, -2, 2), Initializers.create("trunc_normal", Params.empty()));
        assertArrayEquals(Samples.draw(Init.sparse(0.5, 0.01), 77, 12, 10),
                Samples.draw(Initializers.create("sparse", Params.of("sparsity", 0.5)), 77, 12, 10));
        assertSame(Init.varianceScaling(1, FanMode.FAN_IN, ScalingDistribution.TRUNCATED_NORMAL),
                Initializers.create("variance_scaling", Params.empty()));
        assertSame(Init.dirac(1), Initializers.create("dirac", Params.empty()));
        assertSame(Init.xavierNormal(1), Initializers.create("xavier_normal", Params.empty()));
        assertSame(Init.lecunUniform(), Initializers.create("lecun_uniform", Params.empty()));
        assertSame(Init.lecunNormal(), Initializers.create("lecun_normal", Params.empty()));
        assertSame(Init.orthogonal(1), Initializers.create("orthogonal", Params.empty()));
        assertArrayEquals(Samples.draw(Init.eye(), 1, 4, 6), Samples.draw(Initializers.create("eye", Params.empty()),
                1, 4, 6));
    }

    @Test
    void providersSayTheirNameAndParameters() {
        Map<String, Set<String>> parameters = new TreeMap<>();
        for (InitializerProvider p : Initializers.registry().all().values()) {
            parameters.put(p.name(), p.parameterNames());
        }
        assertEquals(new TreeSet<>(NAMES), parameters.keySet());
        assertEquals(Set.of("a", "mode", "nonlinearity"), parameters.get("kaiming_uniform"));
        assertEquals(Set.of("mean", "std", "a", "b"), parameters.get("trunc_normal"));
        assertEquals(Set.of(), parameters.get("eye"));
    }

    @Test
    void constantsFill() {
        float[] ones = Samples.draw(Initializers.create("ones", Params.empty()), 1, 3, 2);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, ones);
        float[] c = Samples.draw(Initializers.create("constant", Params.of("val", 0.25)), 1, 2, 2);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, c);
        assertArrayEquals(new float[4], Samples.draw(Initializers.create("zeros", Params.empty()), 1, 4));
    }

    @Test
    void initializersDescribeThemselves() {
        assertEquals("kaiming_normal(a=0.0, mode=fan_out, nonlinearity=relu)",
                Init.kaimingNormal(0, FanMode.FAN_OUT, "relu").toString());
    }

    private static void assertSame(Initializer expected, Initializer actual) {
        // dims chosen so fans differ in every direction; same seed must give identical values
        assertArrayEquals(Samples.draw(expected, 77, 12, 10, 3), Samples.draw(actual, 77, 12, 10, 3),
                expected + " vs " + actual);
    }
}
