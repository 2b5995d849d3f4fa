package dev.nn.api.internal;

import dev.nn.api.spi.LoadFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Discovers the providers of one SPI and caches the registry built from them: one {@link ServiceLoader} pass per
 * module layer ({@link #forLayer}) and per class loader ({@link #forContextClassLoader}), not one per lookup.
 * Providers that fail to load are skipped, logged once (WARNING) and handed to the registry as
 * {@link LoadFailure}s (see {@link ProviderScan}).
 *
 * <p>Keys are held weakly, and a cached registry never keeps its key alive: a registry holding classes of its
 * own layer or loader is held weakly here and strongly by one of those classes (a {@link ClassValue}), so it lives
 * exactly as long as the layer or loader; any other registry holds nothing of its key and is held strongly. A
 * plugin layer that the application drops is therefore collected with its registry.
 *
 * <p>Thread-safe. Every discovery of every kind runs under one lock, so a provider whose constructor looks up
 * another kind cannot deadlock two threads; a lookup that finds its registry cached only takes the lock briefly.
 *
 * @param <S> the service type
 * @param <R> the registry built from the providers found and the failures
 */
public final class ProviderDiscovery<S, R> {
    /** One lock for every kind of provider; see the class comment. */
    private static final Object LOCK = new Object();

    private final Class<S> service;
    private final BiFunction<List<S>, List<LoadFailure>, R> build;
    /** Key: a ModuleLayer or a ClassLoader. Value: the registry, directly or through a weak reference. */
    private final Map<Object, Supplier<R>> cache = new WeakHashMap<>();
    /** Per class of a provider: the registries (by key) that must live as long as that class's loader. */
    private final ClassValue<Map<Object, R>> anchors = new ClassValue<>() {
        @Override
        protected Map<Object, R> computeValue(Class<?> type) {
            return new IdentityHashMap<>();
        }
    };
    private int scans;

    /**
     * @param service the SPI; module {@code dev.nn.api} must declare that it {@code uses} it
     * @param build makes the registry from the providers found and the ones that failed to load
     */
    public ProviderDiscovery(Class<S> service, BiFunction<List<S>, List<LoadFailure>, R> build) {
        this.service = Objects.requireNonNull(service, "service");
        this.build = Objects.requireNonNull(build, "build");
    }

    /**
     * What {@code ServiceLoader.load(service)} finds: providers in the named modules of the thread's context class
     * loader (or the system class loader when it has none) and its ancestors, and those listed in
     * {@code META-INF/services} on its class path. Discovered once per class loader.
     *
     * @return the registry
     */
    public R forContextClassLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return get(loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    /**
     * What {@code ServiceLoader.load(layer, service)} finds: providers in the named modules of the layer and its
     * parents, e.g. plugins an application loaded into a layer of their own. Discovered once per layer.
     *
     * @param layer the module layer
     * @return the registry
     */
    public R forLayer(ModuleLayer layer) {
        return get(Objects.requireNonNull(layer, "layer"));
    }

    /** Forgets every cached registry, so that the next lookup discovers again. For tests. */
    void reset() {
        synchronized (LOCK) {
            cache.clear();
        }
    }

    /** @return how many {@code ServiceLoader} passes this discovery has run. For tests. */
    int scans() {
        synchronized (LOCK) {
            return scans;
        }
    }

    private R get(Object key) {
        synchronized (LOCK) {
            Supplier<R> held = cache.get(key);
            R registry = held == null ? null : held.get();
            if (registry == null) {
                registry = discover(key);
            }
            return registry;
        }
    }

    private R discover(Object key) {
        ServiceLoader<S> loader = key instanceof ModuleLayer layer ? ServiceLoader.load(layer, service)
                : ServiceLoader.load(service, (ClassLoader) key);
        scans++;
        ProviderScan<S> scan = ProviderScan.of(service, loader.iterator(), providerClass -> origin(key, providerClass));
        R registry = build.apply(scan.providers(), scan.failures());
        Class<?> own = null;
        for (S provider : scan.providers()) {
            if (belongsTo(provider.getClass(), key)) {
                own = provider.getClass();
                break;
            }
        }
        if (own == null) {
            R strong = registry;   // holds nothing of the key's own, so it cannot keep the key alive
            cache.put(key, () -> strong);
        } else {
            anchors.get(own).put(key, registry);   // the class lives as long as its layer or loader
            WeakReference<R> weak = new WeakReference<>(registry);
            cache.put(key, weak::get);
        }
        return registry;
    }

    private static boolean belongsTo(Class<?> type, Object key) {
        return key instanceof ModuleLayer layer ? type.getModule().getLayer() == layer : type.getClassLoader() == key;
    }

    /**
     * @param key the layer or class loader searched
     * @param providerClass a provider class name from a failure
     * @return the module (and its jar) that declares it, else the {@code META-INF/services} file that lists it
     */
    private String origin(Object key, String providerClass) {
        List<ModuleLayer> roots = key instanceof ModuleLayer layer ? List.of(layer)
                : ProviderDiscovery.class.getModule().getLayer() != null
                        ? List.of(ProviderDiscovery.class.getModule().getLayer(), ModuleLayer.boot())
                        : List.of(ModuleLayer.boot());
        String module = declaringModule(roots, providerClass);
        if (module != null) {
            return module;
        }
        if (key instanceof ClassLoader loader) {
            URL listing = listing(loader, providerClass);
            if (listing != null) {
                return "class path (listed in " + listing + ")";
            }
        }
        return "location unknown";
    }

    private String declaringModule(List<ModuleLayer> roots, String providerClass) {
        Deque<ModuleLayer> todo = new ArrayDeque<>(roots);
        Set<ModuleLayer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            ModuleLayer layer = todo.removeFirst();
            if (!seen.add(layer)) {
                continue;
            }
            for (Module m : layer.modules()) {
                for (ModuleDescriptor.Provides p : m.getDescriptor().provides()) {
                    if (p.service().equals(service.getName()) && p.providers().contains(providerClass)) {
                        String location = layer.configuration().findModule(m.getName())
                                .flatMap(resolved -> resolved.reference().location())
                                .map(uri -> " (" + uri + ")").orElse("");
                        return "module " + m.getName() + location;
                    }
                }
            }
            todo.addAll(layer.parents());
        }
        return null;
    }

    /** @return the {@code META-INF/services} file on the loader's class path that lists the class, or null */
    private URL listing(ClassLoader loader, String providerClass) {
        try {
            Enumeration<URL> files = loader.getResources("META-INF/services/" + service.getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                try (var in = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        int comment = line.indexOf('#');
                        if ((comment < 0 ? line : line.substring(0, comment)).strip().equals(providerClass)) {
                            return file;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return null;   // only a message is at stake: the failure is reported without its location
        }
        return null;
    }
}
