package dev.nn.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.CountingBackend;
import dev.nn.api.spi.BackendSelector;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.core.train.Callback;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.Trainer;
import dev.nn.core.train.TrainingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NnModuleTest {
    /** An application class that receives the backend by constructor injection. */
    static final class Application {
        final Backend backend;

        @Inject
        Application(Backend backend) {
            this.backend = backend;
        }
    }

    @Test
    void bindsOneSelectedBackendPerInjector() {
        Injector injector = Guice.createInjector(new NnModule("scalar", BackendConfig.defaults()));
        Backend b = injector.getInstance(Backend.class);
        assertEquals("scalar", b.name());
        assertSame(b, injector.getInstance(Application.class).backend);
    }

    @Test
    void bindsTheInitializerRegistry() {
        Injector injector = Guice.createInjector(new NnModule());
        var registry = injector.getInstance(Key.get(new TypeLiteral<NamedProviders<InitializerProvider>>() { }));
        assertTrue(registry.all().values().stream().allMatch(p -> registry.find(p.name()) == p));
    }

    @Test
    void anUnknownBackendFailsWithTheRegistryMessage() {
        Injector injector = Guice.createInjector(new NnModule("nope", BackendConfig.defaults()));
        var e = assertThrows(ProvisionException.class, () -> injector.getInstance(Backend.class));
        assertTrue(e.getMessage().contains("No usable backend for request 'nope'"), e.getMessage());
    }

    @Test
    void theBackendFactorySelectsFromTheBoundRegistry() {
        Injector injector = Guice.createInjector(new NnModule());
        BackendSelector selector = injector.getInstance(BackendSelector.class);
        assertSame(selector, injector.getInstance(BackendSelector.class));
        try (Backend b = injector.getInstance(BackendFactory.class).open("scalar", new BackendConfig(1))) {
            assertEquals("scalar", b.name());
        }
        assertTrue(selector.statuses().stream().anyMatch(s -> s.name().equals("scalar")));
    }

    @Test
    void anApplicationOverridesTheBackendFactoryAndTheBoundBackendFollows() {
        Injector injector = Guice.createInjector(Modules.override(new NnModule("scalar", BackendConfig.defaults()))
                .with(binder -> binder.bind(BackendFactory.class).toInstance((request, config) ->
                        new CountingBackend(BackendFactory.selecting(Backends.registry())
                                .open(request, config)))));
        Backend b = injector.getInstance(Backend.class);
        CountingBackend counting = assertInstanceOf(CountingBackend.class, b);
        b.tensor(Shape.of(3), new float[3]);
        assertEquals(1, counting.counts().allocations());
        assertEquals("scalar", b.name());
    }

    @Test
    void anApplicationOverridesTheTrainerBuilderToAddItsCallbackToEveryRun() {
        List<Integer> epochsSeen = new ArrayList<>();
        Callback mine = new Callback() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                epochsSeen.add(record.epoch());
            }
        };
        Injector injector = Guice.createInjector(Modules.override(new NnModule("scalar", BackendConfig.defaults()))
                .with(binder -> binder.bind(Trainer.Builder.class).toProvider(() -> Trainer.builder()
                        .addCallback(mine))));
        assertNotSame(injector.getInstance(Trainer.Builder.class), injector.getInstance(Trainer.Builder.class),
                "a builder is per run, never shared");

        Backend backend = injector.getInstance(Backend.class);
        Sequential model = new Sequential(new Linear(backend, 2, 2, new SplittableRandom(1)));
        // two separable classes: x0 > x1 or not
        Dataset data = new Dataset(new float[] {1, 0, 0, 1, 2, 1, 1, 2, 3, 0, 0, 3}, Shape.of(2),
                new float[] {0, 1, 0, 1, 0, 1}, List.of("a", "b"));
        injector.getInstance(Trainer.Builder.class).setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Sgd(List.copyOf(model.namedParameters().values()), 0.1)).setEpochs(3)
                .optBatchSize(2).optSeed(1).build().fit(data, data);
        assertEquals(List.of(1, 2, 3), epochsSeen);
    }
}
