package dev.nn.validate.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runners are chosen by name, from code or {@code -Dnn.trials}, never detected. */
class TrialRunnersTest {
    @Test
    void theLocalRunnerIsInstalledAndTakesItsParallelism() {
        assertTrue(TrialRunners.installed().containsKey("local"), TrialRunners.installed().toString());
        try (TrialRunner r = TrialRunners.open("local", Map.of("parallelism", "3"))) {
            assertEquals("local", r.name());
            assertEquals(3, assertInstanceOf(LocalTrialRunner.class, r).parallelism());
        }
        try (TrialRunner r = TrialRunners.open(" LOCAL ", Map.of())) {
            assertEquals(1, ((LocalTrialRunner) r).parallelism(), "sequential by default");
        }
    }

    @Test
    @Tag("module-path") // PIT runs tests on the class path, where no module exists
    void moduleInfoAndMetaInfServicesListTheSameRunners() throws IOException {
        String spi = TrialRunnerProvider.class.getName();
        ModuleDescriptor descriptor = getClass().getModule().getDescriptor();
        Set<String> fromModule = new TreeSet<>(descriptor.provides().stream()
                .filter(p -> p.service().equals(spi)).findFirst().orElseThrow().providers());
        Set<String> fromServices = new TreeSet<>();
        try (InputStream in = getClass().getModule().getResourceAsStream("META-INF/services/" + spi)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(fromServices::add);
        }
        assertEquals(Set.of("dev.nn.validate.internal.LocalTrialRunnerProvider"), fromModule);
        assertEquals(fromModule, fromServices);
        assertTrue(descriptor.exports().stream().noneMatch(e -> e.source().endsWith(".internal")),
                "the provider package stays unexported");
    }

    @Test
    void anUnknownNameListsTheInstalledRunnersAndHowToAddOne() {
        NnException e = assertThrows(NnException.class, () -> TrialRunners.open("spork", Map.of()));
        assertTrue(e.getMessage().startsWith("Unknown trial runner 'spork'. Installed: local. A runner is a module "
                + "or jar that provides dev.nn.validate.trial.TrialRunnerProvider"), e.getMessage());
        assertTrue(e.getMessage().contains("--runner or -Dnn.trials"), e.getMessage());
    }

    @Test
    void thePropertyNamesTheRunnerWhenCodeDoesNot() {
        String before = System.getProperty(TrialRunners.PROPERTY);
        try {
            System.clearProperty(TrialRunners.PROPERTY);
            assertEquals("local", TrialRunners.selectedName(), "local when nothing is named");
            System.setProperty(TrialRunners.PROPERTY, "elsewhere");
            assertEquals("elsewhere", TrialRunners.selectedName());
            NnException e = assertThrows(NnException.class, () -> TrialRunners.open(Map.of()));
            assertTrue(e.getMessage().startsWith("Unknown trial runner 'elsewhere'"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(TrialRunners.PROPERTY);
            } else {
                System.setProperty(TrialRunners.PROPERTY, before);
            }
        }
    }

    @Test
    void theLocalRunnersSettingsAreChecked() {
        NnException unknown = assertThrows(NnException.class,
                () -> TrialRunners.open("local", Map.of("master", "local[2]")));
        assertEquals("The local trial runner has no setting 'master'; its only setting is parallelism=N (trials at "
                + "once, default 1)", unknown.getMessage());
        for (String bad : new String[] {"0", "two", "-1"}) {
            NnException e = assertThrows(NnException.class,
                    () -> TrialRunners.open("local", Map.of("parallelism", bad)));
            assertEquals("The local trial runner's parallelism must be a whole number >= 1, got '" + bad
                    + "'; e.g. parallelism=4", e.getMessage());
        }
    }
}
