package dev.nn.tck;

import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialRunners;
import java.util.Map;

/** The local runner as {@link TrialRunners} opens it by name with default settings (sequential) passes the kit. */
class SequentialTrialRunnerContractTest extends TrialRunnerContract {
    @Override
    protected TrialRunner open() {
        return TrialRunners.open("local", Map.of());
    }
}
