package dev.nn.cli;

import dev.nn.api.NnException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plugin jars named on the command line ({@code --plugin-path}), loaded into a module layer of their own above the
 * one nn runs in.
 *
 * <p>The module path is fixed when the JVM starts; a layer is how a running program adds modules (what
 * {@code ServiceLoader} documents for plugins). Its class loader becomes the thread's context class loader, which
 * is the loader nn's registries discover providers through, so every {@code --init}, {@code --norm} and
 * {@code --backend} name sees the plugins, and threads started later inherit it.
 */
final class PluginPath {
    private PluginPath() {
    }

    /**
     * Loads the plugins and makes them visible to discovery on this thread.
     *
     * @param entries jars, or folders of jars, as on a module path
     * @return the class loader to restore when the command is done
     * @throws NnException when an entry does not exist or its modules cannot be loaded
     */
    static ClassLoader install(List<Path> entries) {
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                throw new NnException("--plugin-path: " + entry + " does not exist; name plugin jars or folders "
                        + "of jars (separated by '" + java.io.File.pathSeparator + "')");
            }
        }
        ModuleLayer boot = ModuleLayer.boot();
        ModuleFinder finder = ModuleFinder.of(entries.toArray(Path[]::new));
        Set<String> fresh = new TreeSet<>();
        try {
            for (ModuleReference module : finder.findAll()) {
                String name = module.descriptor().name();
                if (boot.findModule(name).isEmpty()) {   // already on the module path (plugins/, NN_PLUGINS)
                    fresh.add(name);
                }
            }
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            if (fresh.isEmpty()) {
                return previous;
            }
            Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), fresh);
            ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
            Thread.currentThread().setContextClassLoader(layer.findLoader(fresh.iterator().next()));
            return previous;
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new NnException("--plugin-path: cannot load the plugins in " + entries + ": " + e.getMessage()
                    + ". A plugin is a jar whose module requires only dev.nn.api (and the JDK); see PLUGINS.md");
        }
    }
}
