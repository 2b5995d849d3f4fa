package dev.nn.tck;

import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.TrialRunner;

/** The built-in local runner, three trials at once, passes the trial-runner kit. */
class LocalTrialRunnerContractTest extends TrialRunnerContract {
    @Override
    protected TrialRunner open() {
        return new LocalTrialRunner(3);
    }
}
