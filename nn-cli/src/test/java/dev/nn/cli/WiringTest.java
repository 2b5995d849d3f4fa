package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import dev.nn.api.NnException;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.CountingBackend;
import dev.nn.api.init.Initializers;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.cli.testplugin.HalfInitializerProvider;
import dev.nn.core.inject.BackendFactory;
import dev.nn.core.inject.NnModule;
import dev.nn.core.state.Safetensors;
import dev.nn.core.train.Callback;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.Trainer;
import dev.nn.core.train.TrainingContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands take their backend, registries and trainer from the Guice wiring, which an application overrides. */
class WiringTest {
    private static final String[] QUICK = {"--limit", "300", "--epochs", "2", "--patience", "0"};

    @TempDir
    Path dir;

    @Test
    void anOverriddenBackendFactoryRunsTheTraining() {
        List<CountingBackend> opened = new ArrayList<>();
        Module counting = binder -> binder.bind(BackendFactory.class).toInstance((request, config) -> {
            CountingBackend b = new CountingBackend(BackendFactory.selecting(Backends.registry()).open(request,
                    config));
            opened.add(b);
            return b;
        });
        CliRun run = run(counting, train("--backend", "scalar"));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("backend: scalar"), run.out());
        assertEquals(1, opened.size());
        assertTrue(opened.getFirst().counts().allocations() > 0, "the run allocated through the wrapped backend");
    }

    @Test
    void anOverriddenInitializerRegistryServesTheInitOption() throws IOException {
        NamedProviders<InitializerProvider> withHalf = new NamedProviders<>("initializer",
                Stream.concat(Initializers.registry().all().values().stream(), Stream.of(new HalfInitializerProvider()))
                        .toList(), InitializerProvider::name);
        Module registry = binder -> binder.bind(new TypeLiteral<NamedProviders<InitializerProvider>>() { })
                .toInstance(withHalf);
        CliRun run = run(registry, train("--init", HalfInitializerProvider.NAME, "--optimizer", "sgd", "--lr",
                "1e-30"));
        assertEquals(0, run.status(), run.err());
        float[] first = Safetensors.read(dir.resolve("run/model.safetensors")).tensors().get("1.weight").values();
        for (float w : first) {
            assertEquals(0.5f, w, "the application's initializer filled the first Linear");
        }
    }

    @Test
    void anOverriddenTrainerBuilderAddsTheApplicationsCallback() {
        List<Integer> epochs = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                epochs.add(record.epoch());
            }
        };
        Module trainer = binder -> binder.bind(Trainer.Builder.class)
                .toProvider(() -> Trainer.builder().addCallback(recorder));
        CliRun run = run(trainer, train());
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(1, 2), epochs);
    }

    @Test
    void aFactoryThatRefusesIsTheCleanOneLineError() {
        Module refusing = binder -> binder.bind(BackendFactory.class).toInstance((request, config) -> {
            throw new NnException("this application runs on its own backend only");
        });
        CliRun run = run(refusing, "backends");
        assertEquals(2, run.status(), run.err());
        assertEquals("error: this application runs on its own backend only", run.err().strip());
    }

    private String[] train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", dir.resolve("run").toString()));
        args.addAll(List.of(QUICK));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static CliRun run(Module override, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err),
                Modules.override(new NnModule()).with(override));
        return new CliRun(status, out.toString(), err.toString());
    }
}
