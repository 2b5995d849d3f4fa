package dev.nn.validate.trial;

import dev.nn.api.NnException;
import dev.nn.core.data.Dataset;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Everything a {@link TrialRunner} needs for one batch of trials: the trials in plan order, the samples they index,
 * and what each candidate configuration trains.
 *
 * @param trials the trials, in plan order (results come back in this order)
 * @param data all samples; trials hold indices into it
 * @param works the work of each candidate: {@code works.get(trial.candidate())} trains a trial
 * @param threadsPerTrial compute threads one trial may use (a runner reserves that many cores per trial)
 * @param returnWeights whether each result carries its trained model ({@link TrialResult#weights()}); off by
 *                      default, since a cluster then sends every model back to the caller
 */
public record TrialJob(List<Trial> trials, Dataset data, List<TrialWork> works, int threadsPerTrial,
                       boolean returnWeights) {
    /** Copies the lists and checks that every trial has a work and indexes rows that exist. */
    public TrialJob {
        trials = List.copyOf(trials);
        works = List.copyOf(works);
        Objects.requireNonNull(data, "data");
        if (works.isEmpty()) {
            throw new IllegalArgumentException("A trial job needs at least one work (one per candidate)");
        }
        if (threadsPerTrial < 1) {
            throw new IllegalArgumentException("threadsPerTrial must be >= 1, got " + threadsPerTrial);
        }
        for (Trial t : trials) {
            if (t.candidate() >= works.size()) {
                throw new IllegalArgumentException("Trial " + t.index() + " trains candidate " + t.candidate()
                        + " but the job has " + works.size() + " work(s); give one work per candidate");
            }
            int rows = data.size();
            if (t.fold().maxRow() >= rows) {
                throw new IllegalArgumentException("Trial " + t.index() + " uses row " + t.fold().maxRow()
                        + " but the data set has " + rows + " rows; split the same data set the job carries");
            }
        }
    }

    /**
     * A job whose results carry no weights.
     *
     * @param trials the trials, in plan order
     * @param data all samples
     * @param works the work of each candidate
     * @param threadsPerTrial compute threads one trial may use
     */
    public TrialJob(List<Trial> trials, Dataset data, List<TrialWork> works, int threadsPerTrial) {
        this(trials, data, works, threadsPerTrial, false);
    }

    /** {@return the same job, its results carrying their trained models} */
    public TrialJob withWeights() {
        return new TrialJob(trials, data, works, threadsPerTrial, true);
    }

    /**
     * {@return the trial's result, run here in this thread, with its weights when the job asks for them}
     *
     * @param trial one of this job's trials
     * @param stop true once the run is to stop
     */
    public TrialResult run(Trial trial, BooleanSupplier stop) {
        return trial.run(workOf(trial), data, stop, returnWeights);
    }

    /**
     * A job of one candidate with single-threaded trials.
     *
     * @param trials the trials, all of candidate 0
     * @param data all samples
     * @param work what every trial trains
     * @return the job
     */
    public static TrialJob of(List<Trial> trials, Dataset data, TrialWork work) {
        return new TrialJob(trials, data, List.of(work), 1);
    }

    /**
     * {@return the work that trains the trial}
     *
     * @param trial one of this job's trials
     */
    public TrialWork workOf(Trial trial) {
        return works.get(trial.candidate());
    }

    /**
     * Checks that every work can be sent to another JVM, by serializing it: runners that ship trials call this
     * before anything runs.
     *
     * @param runner the runner's name, for the message
     * @throws NnException naming the candidate and what cannot be serialized, and the fix
     */
    public void requireSerializableWorks(String runner) {
        for (int c = 0; c < works.size(); c++) {
            try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
                out.writeObject(works.get(c));
            } catch (NotSerializableException e) {
                throw new NnException("The '" + runner + "' runner sends trials to other JVMs, but candidate " + c
                        + "'s work (" + works.get(c).getClass().getName() + ") cannot be serialized: "
                        + e.getMessage() + ". A fold fitter that holds a live backend, in-memory data or lambdas "
                        + "runs on the 'local' runner only; to run elsewhere give a work made of plain data, such "
                        + "as a dev.nn.model.TrainingRecipe's work()", e);
            } catch (IOException e) {
                throw new NnException("Could not serialize candidate " + c + "'s work ("
                        + works.get(c).getClass().getName() + ") for the '" + runner + "' runner: " + e
                        + "; its fields must all be serializable plain data", e);
            }
        }
    }
}
