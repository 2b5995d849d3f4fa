package dev.nn.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.BackendSelector;
import dev.nn.api.spi.LoadFailure;
import dev.nn.api.testing.PluginLayer;
import dev.nn.api.testplugin.ConstructorThrowsBackendProvider;
import dev.nn.api.testplugin.NoPublicConstructorBackendProvider;
import dev.nn.api.testplugin.StaticInitThrowsBackendProvider;
import dev.nn.api.testplugin.WorkingBackendProvider;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ResourceBundle;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderScanTest {
    private static final String SPI = "dev.nn.api.spi.BackendProvider";
    private static final Function<String, String> NOWHERE = name -> "test origin";
    private final RecordingLogger log = new RecordingLogger();

    @Test
    void iteratingAPluginLayerWithABrokenProviderThrowsWithoutTheScan() {
        // The failure the scan exists for: a plain for-each over ServiceLoader, as discovery did before, dies on the
        // first broken provider and takes every working one down with it.
        ModuleLayer layer = PluginLayer.create();
        var e = assertThrows(ServiceConfigurationError.class,
                () -> new BackendSelector(ServiceLoader.load(layer, BackendProvider.class)));
        assertTrue(e.getMessage().contains(ConstructorThrowsBackendProvider.class.getName()), e.getMessage());
    }

    @Test
    void aRealServiceLoaderIsWalkedPastEveryBrokenProvider() {
        ModuleLayer layer = PluginLayer.create();
        var scan = ProviderScan.of(BackendProvider.class, ServiceLoader.load(layer, BackendProvider.class).iterator(),
                NOWHERE, log);
        assertEquals(List.of("plugin"), scan.providers().stream().map(BackendProvider::name).toList());
        assertEquals(WorkingBackendProvider.class.getName(), scan.providers().getFirst().getClass().getName());
        assertEquals(List.of(ConstructorThrowsBackendProvider.class.getName(),
                        StaticInitThrowsBackendProvider.class.getName(),
                        NoPublicConstructorBackendProvider.class.getName(), PluginLayer.MISSING_BACKEND),
                scan.failures().stream().map(LoadFailure::providerClass).toList());
        List<String> errors = scan.failures().stream().map(LoadFailure::error).toList();
        assertEquals("Provider " + ConstructorThrowsBackendProvider.class.getName() + " could not be instantiated; "
                + "caused by java.lang.IllegalStateException: " + ConstructorThrowsBackendProvider.MESSAGE,
                errors.get(0));
        assertEquals("Provider " + StaticInitThrowsBackendProvider.class.getName() + " could not be instantiated; "
                + "caused by java.lang.ExceptionInInitializerError; "
                + "caused by java.lang.IllegalStateException: " + StaticInitThrowsBackendProvider.MESSAGE,
                errors.get(1));
        assertTrue(errors.get(2).startsWith(NoPublicConstructorBackendProvider.class.getName()
                + " Unable to get public no-arg constructor; caused by java.lang.NoSuchMethodException"),
                errors.get(2));
        assertEquals("Provider " + PluginLayer.MISSING_BACKEND + " not found", errors.get(3));
        scan.failures().forEach(f -> assertEquals(SPI, f.service()));
        scan.failures().forEach(f -> assertEquals("test origin", f.origin()));
        assertEquals(scan.failures().stream().map(f -> "WARNING Skipped BackendProvider " + f.reason()).toList(),
                log.at(System.Logger.Level.WARNING), "each failure is logged once, at WARNING");
        assertEquals(scan.failures().stream().map(f -> "DEBUG Stack trace of the " + f.providerClass() + " failure")
                .toList(), log.at(System.Logger.Level.DEBUG), "the stack trace, at DEBUG");
        assertTrue(log.thrown.get(1) instanceof ServiceConfigurationError, log.thrown.toString());
    }

    @Test
    void keepsGoingWhenHasNextOrNextThrows() {
        var it = new ScriptedIterator(
                "a",
                error("Provider com.acme.Ctor could not be instantiated", new IllegalStateException("boom")),
                error("Provider com.acme.Missing not found", null),
                new NoClassDefFoundError("com/acme/Base"),
                "b");
        var scan = ProviderScan.of(String.class, it, name -> "origin of " + name, log);
        assertEquals(List.of("a", "b"), scan.providers());
        assertEquals(List.of("com.acme.Ctor", "com.acme.Missing", LoadFailure.UNKNOWN_CLASS),
                scan.failures().stream().map(LoadFailure::providerClass).toList());
        assertEquals("Provider com.acme.Ctor could not be instantiated; caused by java.lang.IllegalStateException: "
                + "boom", scan.failures().get(0).error());
        assertEquals("origin of com.acme.Ctor", scan.failures().get(0).origin());
        assertEquals("java.lang.NoClassDefFoundError: com/acme/Base", scan.failures().get(2).error());
        assertEquals("location unknown", scan.failures().get(2).origin());
        assertEquals(3, log.at(System.Logger.Level.WARNING).size());
    }

    @Test
    void providersSharingOneMissingLibraryAreAllRecordedAndTheWalkGoesOn() {
        var it = new ScriptedIterator(new NoClassDefFoundError("com/acme/Base"),
                new NoClassDefFoundError("com/acme/Base"), new NoClassDefFoundError("com/acme/Base"),
                new NoClassDefFoundError("com/acme/Base"), "after");
        var scan = ProviderScan.of(String.class, it, NOWHERE, log);
        assertEquals(List.of("after"), scan.providers());
        assertEquals(4, scan.failures().size());
    }

    @Test
    void anIteratorThatRepeatsOneErrorForeverIsAbandoned() {
        // ServiceLoader retries getResources after "Error locating configuration files" on every call: no progress.
        var stuck = error("Error locating configuration files", new IOException("disk gone"));
        Iterator<String> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw stuck;
            }

            @Override
            public String next() {
                throw new NoSuchElementException();
            }
        };
        var scan = ProviderScan.of(String.class, it, NOWHERE, log);
        assertEquals(List.of(), scan.providers());
        assertEquals(1, scan.failures().size());
        LoadFailure f = scan.failures().getFirst();
        assertEquals(LoadFailure.UNKNOWN_CLASS, f.providerClass());
        assertEquals("Error locating configuration files; caused by java.io.IOException: disk gone (repeated "
                + ProviderScan.MAX_REPEATS + " times: discovery of further Strings stopped here)", f.error());
        assertEquals(List.of("WARNING Skipped String " + f.reason().replace(" (repeated " + ProviderScan.MAX_REPEATS
                        + " times: discovery of further Strings stopped here)", ""),
                "WARNING Discovery of java.lang.String stopped: ServiceLoader failed " + ProviderScan.MAX_REPEATS
                        + " times in a row with " + stuck), log.at(System.Logger.Level.WARNING));
    }

    @Test
    void anIteratorThatFailsWithoutEndIsAbandonedAfterTheLimit() {
        Iterator<String> it = new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                throw error("Provider com.acme.P" + n++ + " not found", null);
            }

            @Override
            public String next() {
                throw new NoSuchElementException();
            }
        };
        var scan = ProviderScan.of(String.class, it, NOWHERE, log);
        assertEquals(ProviderScan.MAX_FAILURES, scan.failures().size());
        assertEquals("com.acme.P0", scan.failures().getFirst().providerClass());
        assertEquals("WARNING Discovery of java.lang.String stopped after " + ProviderScan.MAX_FAILURES
                + " providers failed to load", log.at(System.Logger.Level.WARNING).getLast());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Provider com.acme.Missing not found                                              | com.acme.Missing
            Provider com.acme.Ctor could not be instantiated                                 | com.acme.Ctor
            com.acme.NoCtor Unable to get public no-arg constructor                          | com.acme.NoCtor
            Unable to load com.acme.Linkage                                                  | com.acme.Linkage
            class com.acme.Hidden is not public                                              | com.acme.Hidden
            com.acme.Other not a subtype                                                     | com.acme.Other
            public static dev.nn.api.spi.BackendProvider com.acme.Factory.provider() failed  | com.acme.Factory
            file:/x/META-INF/services/dev.nn.api.spi.BackendProvider:3: Illegal provider-class name: a.9x | a.9x
            Error accessing configuration file                                               | (unknown class)
            """)
    void theProviderClassIsReadFromEachServiceLoaderMessage(String detail, String providerClass) {
        assertEquals(providerClass, ProviderScan.providerClass(BackendProvider.class,
                new ServiceConfigurationError(SPI + ": " + detail)));
    }

    /** @return what ServiceLoader throws for a provider of {@code String}: its message starts with the service */
    private static ServiceConfigurationError error(String detail, Throwable cause) {
        return new ServiceConfigurationError(String.class.getName() + ": " + detail, cause);
    }

    /** Keeps what is logged: level and message, and the exceptions. */
    private static final class RecordingLogger implements System.Logger {
        final List<String> messages = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();

        List<String> at(Level level) {
            return messages.stream().filter(m -> m.startsWith(level + " ")).toList();
        }

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable t) {
            messages.add(level + " " + msg);
            thrown.add(t);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            messages.add(level + " " + MessageFormat.format(format, params));
        }
    }

    /**
     * Plays a script: a String is a provider, an Error is thrown, by {@code hasNext} and {@code next} in turn
     * (ServiceLoader's lookup may throw from either).
     */
    private static final class ScriptedIterator implements Iterator<String> {
        private final Deque<Object> script;
        private boolean failInHasNext = true;

        ScriptedIterator(Object... script) {
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public boolean hasNext() {
            if (failInHasNext && script.peekFirst() instanceof Throwable) {
                throwNext();
            }
            return !script.isEmpty();
        }

        @Override
        public String next() {
            if (script.peekFirst() instanceof Throwable) {
                throwNext();
            }
            return (String) script.removeFirst();
        }

        private void throwNext() {
            failInHasNext = !failInHasNext;
            switch (script.removeFirst()) {
                case Error e -> throw e;
                case Object o -> throw new IllegalStateException("script holds " + o);
            }
        }
    }
}
