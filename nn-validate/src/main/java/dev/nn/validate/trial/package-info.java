/**
 * The trial seam: cross-validation, grid search and curves become "make trials, run them all, aggregate". A
 * {@link dev.nn.validate.trial.Trial} names a split, a seed and a candidate configuration; a
 * {@link dev.nn.validate.trial.TrialWork} trains one fresh model for it; a
 * {@link dev.nn.validate.trial.TrialRunner} runs a {@link dev.nn.validate.trial.TrialJob}'s trials here
 * ({@link dev.nn.validate.trial.LocalTrialRunner}) or on a cluster engine plugged in through
 * {@link dev.nn.validate.trial.TrialRunnerProvider}, and {@link dev.nn.validate.trial.TrialRunners} chooses the runner
 * by name. Trials and results are plain serializable data; a trial that throws comes back as a failed
 * {@link dev.nn.validate.trial.TrialResult}. A runner that sends trials to other JVMs refuses works that cannot be
 * serialized ({@link dev.nn.validate.trial.TrialJob#requireSerializableWorks}), sends the data as a
 * {@link dev.nn.validate.trial.PortableDataset} and runs each trial there with
 * {@link dev.nn.validate.trial.Trial#run}.
 */
package dev.nn.validate.trial;
