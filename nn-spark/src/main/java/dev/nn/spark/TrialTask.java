package dev.nn.spark;

import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialWork;
import java.io.Serializable;

/**
 * One partition's element: a trial and the work that trains it, so each task carries only its own candidate's
 * configuration.
 *
 * @param position the trial's place in the job (results are put back there)
 * @param trial the trial
 * @param work what trains it
 * @param keepWeights whether the result carries the trained model ({@link dev.nn.validate.trial.TrialJob#returnWeights})
 */
record TrialTask(int position, Trial trial, TrialWork work, boolean keepWeights) implements Serializable {
    private static final long serialVersionUID = 1L;
}
