package dev.nn.cli;

import com.google.inject.Injector;
import picocli.CommandLine;

/**
 * Lets Guice create nn's commands and option groups, so they receive what they use ({@code BackendFactory}, the
 * registries, {@code Trainer.Builder}) by injection from the application's wiring; picocli's own classes (help,
 * converters) come from picocli's factory.
 */
final class GuiceFactory implements CommandLine.IFactory {
    private final Injector injector;

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        return type.getPackageName().startsWith("dev.nn.cli") ? injector.getInstance(type)
                : CommandLine.defaultFactory().create(type);
    }
}
