package dev.nn.validate.internal;

import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialRunnerProvider;
import java.util.Map;

/** The {@code local} runner: {@code parallelism} trials at once on a thread pool of this JVM (default 1). */
public final class LocalTrialRunnerProvider implements TrialRunnerProvider {
    /** The setting that names how many trials run at once. */
    static final String PARALLELISM = "parallelism";

    /** Does nothing; {@link #open} makes the runner. */
    public LocalTrialRunnerProvider() {
    }

    @Override
    public String name() {
        return LocalTrialRunner.NAME;
    }

    @Override
    public TrialRunner open(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!key.equals(PARALLELISM)) {
                throw new dev.nn.api.NnException("The local trial runner has no setting '" + key + "'; its only "
                        + "setting is " + PARALLELISM + "=N (trials at once, default 1)");
            }
        }
        String value = settings.getOrDefault(PARALLELISM, "1").strip();
        try {
            return new LocalTrialRunner(Integer.parseInt(value));
        } catch (IllegalArgumentException e) {
            throw new dev.nn.api.NnException("The local trial runner's " + PARALLELISM + " must be a whole number "
                    + ">= 1, got '" + value + "'; e.g. " + PARALLELISM + "=4", e);
        }
    }
}
