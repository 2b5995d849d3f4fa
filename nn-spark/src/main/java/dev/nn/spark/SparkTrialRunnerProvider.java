package dev.nn.spark;

import dev.nn.api.NnException;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialRunnerProvider;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * The {@code spark} trial runner: {@code --runner spark} or {@code -Dnn.trials=spark}. Settings:
 * <ul>
 *   <li>{@code master}: the Spark master URL; default the {@code spark.master} that {@code spark-submit} set, else
 *       {@code local[*]}</li>
 *   <li>{@code app-name}: the application's name in Spark's UI; default {@code nn trials}</li>
 *   <li>any {@code spark.*} key: passed to Spark as is (e.g. {@code spark.executor.memory=4g})</li>
 * </ul>
 * The runner starts its own Spark context at its first run and stops it when closed.
 */
public final class SparkTrialRunnerProvider implements TrialRunnerProvider {
    /** The setting that names the master URL. */
    static final String MASTER = "master";
    /** The setting that names the application. */
    static final String APP_NAME = "app-name";
    /** The application's name when the settings give none. */
    static final String DEFAULT_APP_NAME = "nn trials";
    /** The master when neither the settings nor spark-submit name one. */
    static final String DEFAULT_MASTER = "local[*]";

    /** Does nothing; {@link #open} makes the runner. */
    public SparkTrialRunnerProvider() {
    }

    @Override
    public String name() {
        return SparkTrialRunner.NAME;
    }

    @Override
    public TrialRunner open(Map<String, String> settings) {
        return SparkTrialRunner.open(conf(settings));
    }

    /**
     * {@return the Spark configuration the settings describe, on top of the {@code spark.*} system properties that
     * {@code spark-submit} sets}
     *
     * @param settings {@code master}, {@code app-name} and {@code spark.*} keys
     */
    static SparkConf conf(Map<String, String> settings) {
        SparkConf conf = new SparkConf();
        settings.forEach((key, value) -> {
            if (key.startsWith("spark.")) {
                conf.set(key, value);
            } else if (!key.equals(MASTER) && !key.equals(APP_NAME)) {
                throw new NnException("The spark trial runner has no setting '" + key + "'; its settings are "
                        + MASTER + "=URL (default local[*]), " + APP_NAME + "=NAME and any spark.* property "
                        + "(e.g. spark.executor.memory=4g)");
            }
        });
        String master = settings.get(MASTER);
        if (master != null && master.isBlank()) {
            throw new NnException("The spark trial runner's master is empty; give a Spark master URL such as "
                    + "local[4], spark://host:7077 or yarn");
        }
        if (master != null) {
            conf.setMaster(master.strip());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        conf.setAppName(settings.getOrDefault(APP_NAME, conf.get("spark.app.name", DEFAULT_APP_NAME)));
        return conf;
    }
}
