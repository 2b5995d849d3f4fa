package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module graph of DESIGN.md section 1, read from the descriptors of the modules the CLI runs with: the API on
 * {@code java.base} alone, feature modules and backends on the API (and the host kernels) only, never on each
 * other, and no qualified exports, so whatever one module needs from another is public API a third party can use.
 */
class ModuleGraphTest {
    /** Each module's allowed requirements: dev.nn modules and the few outside ones the design names. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "dev.nn.api", Set.of(),
            "dev.nn.host", Set.of("dev.nn.api"),
            "dev.nn.core", Set.of("dev.nn.api", "dev.nn.host", "com.google.guice"),
            "dev.nn.init", Set.of("dev.nn.api"),
            "dev.nn.norm", Set.of("dev.nn.api"),
            "dev.nn.regularize", Set.of("dev.nn.api"),
            "dev.nn.validate", Set.of("dev.nn.api", "dev.nn.core"),
            // a training recipe names its initialization and trains as a trial of nn-validate's runners
            "dev.nn.model", Set.of("dev.nn.api", "dev.nn.core", "dev.nn.regularize", "dev.nn.init", "dev.nn.validate"),
            "dev.nn.cpu.simd", Set.of("dev.nn.api", "dev.nn.host", "jdk.incubator.vector"),
            "dev.nn.conformance", Set.of("dev.nn.api", "dev.nn.core", "dev.nn.init", "dev.nn.norm",
                    "dev.nn.regularize", "dev.nn.validate"));

    private static Map<String, ModuleDescriptor> ours() {
        Map<String, ModuleDescriptor> found = new TreeMap<>();
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getName().startsWith("dev.nn.")) {
                found.put(m.getName(), m.getDescriptor());
            }
        }
        return found;
    }

    @Test
    void everyModuleOfTheDesignIsHereToBeChecked() {
        Set<String> missing = new TreeSet<>(ALLOWED.keySet());
        missing.removeAll(ours().keySet());
        assertEquals(Set.of(), missing, "the CLI's tests run on the module path with every library module");
    }

    @Test
    void modulesRequireOnlyWhatTheDesignAllows() {
        List<String> broken = ours().entrySet().stream()
                .filter(e -> ALLOWED.containsKey(e.getKey()))
                .flatMap(e -> e.getValue().requires().stream()
                        .map(ModuleDescriptor.Requires::name)
                        .filter(r -> !r.equals("java.base") && !ALLOWED.get(e.getKey()).contains(r))
                        .map(r -> e.getKey() + " requires " + r))
                .toList();
        assertEquals(List.of(), broken, "edges DESIGN.md section 1 does not have");
    }

    @Test
    void theApiStandsOnJavaBaseAlone() {
        ModuleDescriptor api = ours().get("dev.nn.api");
        assertEquals(Set.of("java.base"),
                api.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void noModuleExportsToChosenModulesOnly() {
        List<String> qualified = ours().values().stream()
                .flatMap(d -> d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                        .map(x -> d.name() + " exports " + x.source() + " to " + x.targets()))
                .toList();
        assertTrue(qualified.isEmpty(), "qualified exports hide API from third parties: " + qualified);
    }
}
