package dev.nn.api.testing;

import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.testplugin.ConstructorThrowsBackendProvider;
import dev.nn.api.testplugin.ConstructorThrowsInitializerProvider;
import dev.nn.api.testplugin.NoPublicConstructorBackendProvider;
import dev.nn.api.testplugin.StaticInitThrowsBackendProvider;
import dev.nn.api.testplugin.StaticInitThrowsNormalizationProvider;
import dev.nn.api.testplugin.WorkingBackendProvider;
import dev.nn.api.testplugin.WorkingInitializerProvider;
import dev.nn.api.testplugin.WorkingNormalizationProvider;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds module layers holding one module, {@value #MODULE}, made of the compiled classes of package
 * {@code dev.nn.api.testplugin} and a descriptor that {@code provides} the three SPIs with working and broken
 * providers, as a plugin jar on the module path would. Each call defines the classes anew in a new class loader,
 * so every layer sees the broken providers fail for the first time.
 */
public final class PluginLayer {
    /** The plugin module's name (also its only package). */
    public static final String MODULE = "dev.nn.api.testplugin";
    /** Listed in the descriptor, never compiled. */
    public static final String MISSING_BACKEND = MODULE + ".MissingBackendProvider";
    /** Listed in the descriptor, never compiled. */
    public static final String MISSING_INITIALIZER = MODULE + ".MissingInitializerProvider";
    /** The backend providers, in the order the descriptor lists them. */
    public static final List<String> BACKENDS = List.of(ConstructorThrowsBackendProvider.class.getName(),
            StaticInitThrowsBackendProvider.class.getName(), NoPublicConstructorBackendProvider.class.getName(),
            MISSING_BACKEND, WorkingBackendProvider.class.getName());

    private PluginLayer() {
    }

    /** @return a new layer, child of the boot layer, with the plugin module */
    public static ModuleLayer create() {
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(MODULE)
                .requires("dev.nn.api")
                .packages(Set.of(MODULE))
                .provides(BackendProvider.class.getName(), BACKENDS)
                .provides(InitializerProvider.class.getName(), List.of(
                        ConstructorThrowsInitializerProvider.class.getName(), MISSING_INITIALIZER,
                        WorkingInitializerProvider.class.getName()))
                .provides(NormalizationProvider.class.getName(), List.of(
                        StaticInitThrowsNormalizationProvider.class.getName(),
                        WorkingNormalizationProvider.class.getName()))
                .build();
        Path root = classesRoot();
        ModuleReference reference = new ModuleReference(descriptor, root.toUri()) {
            @Override
            public ModuleReader open() {
                return new PackageReader(root, MODULE.replace('.', '/'));
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(MODULE) ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(reference);
            }
        };
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    /** @return the directory the test classes were compiled to */
    private static Path classesRoot() {
        String resource = WorkingBackendProvider.class.getName().replace('.', '/') + ".class";
        try {
            Path file = Path.of(WorkingBackendProvider.class.getResource("/" + resource).toURI());
            return file.getRoot().resolve(file.subpath(0, file.getNameCount() - resource.split("/").length));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test classes are not in a directory: " + resource, e);
        }
    }

    /** Reads the files of one package directory under a root, and nothing else, as the module's content. */
    private record PackageReader(Path root, String packageDir) implements ModuleReader {
        @Override
        public Optional<URI> find(String name) {
            Path file = root.resolve(name);
            return name.startsWith(packageDir + "/") && Files.isRegularFile(file) ? Optional.of(file.toUri())
                    : Optional.empty();
        }

        @Override
        public Stream<String> list() throws IOException {
            try (Stream<Path> files = Files.list(root.resolve(packageDir))) {
                return files.map(f -> packageDir + "/" + f.getFileName()).toList().stream();
            }
        }

        @Override
        public void close() {
        }
    }
}
