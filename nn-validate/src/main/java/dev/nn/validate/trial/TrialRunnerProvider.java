package dev.nn.validate.trial;

import java.util.Map;

/**
 * A kind of {@link TrialRunner}, found with {@link java.util.ServiceLoader} and chosen by name through
 * {@link TrialRunners}: {@code local} (built in) or a plugin's (e.g. {@code spark}). A plugin module declares
 * {@code provides dev.nn.validate.trial.TrialRunnerProvider with ...} and lists the class in
 * {@code META-INF/services/dev.nn.validate.trial.TrialRunnerProvider} for class-path use.
 *
 * <p>Providers are cheap to construct and do nothing until {@link #open}; they never log or do I/O.
 */
public interface TrialRunnerProvider {
    /** {@return the stable lower-case name used in {@code -Dnn.trials} and {@code --runner}, e.g. "local"} */
    String name();

    /**
     * {@return a runner with the given settings}
     *
     * @param settings runner-specific settings, e.g. {@code parallelism=4} or {@code master=local[2]}; an unknown
     *                 key is an error that lists the known ones
     */
    TrialRunner open(Map<String, String> settings);
}
