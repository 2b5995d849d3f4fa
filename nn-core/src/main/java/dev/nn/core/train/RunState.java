package dev.nn.core.train;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.optim.Optimizer;
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A {@link Trainer} run's state at the end of an epoch, in the scopes of a {@link TrainingState}: {@code config}
 * (the caller's description of the run), {@code trainer} (epochs done, the data and batching it was done with, why
 * it stopped), {@code model} (the last epoch's parameters, buffers, counters and noise steps), {@code optimizer},
 * {@code history}, and {@code callbacks.N} for each callback that is {@link Stateful}.
 *
 * @param model the model
 * @param optimizer its optimizer, {@link Stateful}
 * @param callbacks the trainer's callbacks, in order
 * @param batching how the trainer cut the training set: batch size, shuffle, drop-last and seed
 */
record RunState(Layer model, Optimizer optimizer, List<Callback> callbacks, Batching batching) {
    /**
     * How the trainer batches; a resumed run must batch the same way to see the same samples in the same order.
     *
     * @param trainSize samples in the training set
     * @param batchSize samples per step
     * @param shuffle whether every epoch draws a new order
     * @param dropLast whether a short last batch is skipped
     * @param seed the shuffling seed, or null when the caller passed its own generator
     */
    record Batching(int trainSize, int batchSize, boolean shuffle, boolean dropLast, Long seed) {
    }

    RunState {
        if (!(optimizer instanceof Stateful)) {
            throw new IllegalArgumentException("Saving or resuming a training state needs an optimizer that saves "
                    + "and loads its own (implements Stateful); " + optimizer.getClass().getName() + " does not");
        }
    }

    /**
     * {@return the state after a completed epoch}
     *
     * @param config the caller's description of the run, stored as given
     * @param epochs epochs completed
     * @param history their records
     * @param stopReason why a callback stopped the run at this epoch's end, or null
     */
    TrainingState capture(Map<String, String> config, int epochs, History history, String stopReason) {
        TrainingState state = new TrainingState();
        TrainingState configScope = state.scope("config");
        config.forEach(configScope::putString);
        TrainingState trainer = state.scope("trainer");
        trainer.putLong("epochs_completed", epochs);
        trainer.putLong("train_size", batching.trainSize());
        trainer.putLong("batch_size", batching.batchSize());
        trainer.putBoolean("shuffle", batching.shuffle());
        trainer.putBoolean("drop_last", batching.dropLast());
        if (batching.seed() != null) {
            trainer.putLong("seed", batching.seed());
        }
        if (stopReason != null) {
            trainer.putString("stop_reason", stopReason);
        }
        saveModel(state.scope("model"));
        trainer.putString("optimizer", optimizer.getClass().getName());
        ((Stateful) optimizer).saveState(state.scope("optimizer"));
        history.saveState(state.scope("history"));
        TrainingState parts = state.scope("callbacks");
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Stateful s) {
                trainer.putString("callback." + i, s.getClass().getName());
                s.saveState(parts.scope(Integer.toString(i)));
            }
        }
        return state;
    }

    /**
     * Puts a saved state back into the model, the optimizer, the callbacks and an empty history.
     *
     * @param state what {@link #capture} wrote
     * @param history the run's empty history
     * @param plannedEpochs the epochs this run asks for
     * @return the epochs already completed, and why the saved run stopped, if a callback stopped it
     * @throws CheckpointException when the state was saved by a run with other data, batching, model, optimizer or
     *                             callbacks
     */
    Restored restore(TrainingState state, History history, int plannedEpochs) {
        TrainingState trainer = state.scope("trainer");
        Batching saved = new Batching(trainer.getInt("train_size"), trainer.getInt("batch_size"),
                trainer.getBoolean("shuffle"), trainer.getBoolean("drop_last"),
                trainer.findString("seed").map(s -> trainer.getLong("seed")).orElse(null));
        boolean seedsDiffer = saved.seed() != null && batching.seed() != null
                && !saved.seed().equals(batching.seed());
        if (saved.trainSize() != batching.trainSize() || saved.batchSize() != batching.batchSize()
                || saved.shuffle() != batching.shuffle() || saved.dropLast() != batching.dropLast() || seedsDiffer) {
            throw new CheckpointException("The saved run batched differently: " + describe(saved) + ", this run "
                    + describe(batching) + ". Resume with the data, batch size and seed the run was started with");
        }
        int done = trainer.getInt("epochs_completed");
        if (done > plannedEpochs) {
            throw new CheckpointException("The saved run has completed " + done + " epochs, more than the "
                    + plannedEpochs + " this run asks for; ask for at least " + done);
        }
        requireKind(trainer, "optimizer", optimizer);
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Stateful s) {
                requireKind(trainer, "callback." + i, s);
            }
        }
        loadModel(state.scope("model"));
        ((Stateful) optimizer).loadState(state.scope("optimizer"));
        TrainingState parts = state.scope("callbacks");
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Stateful s) {
                s.loadState(parts.scope(Integer.toString(i)));
            }
        }
        history.loadState(state.scope("history"));
        if (history.epochs().size() != done) {
            throw new CheckpointException("The saved history has " + history.epochs().size() + " epochs, but the "
                    + "state says " + done + " were completed; the training state is corrupt");
        }
        return new Restored(done, trainer.findString("stop_reason").orElse(null));
    }

    /**
     * What a restore found.
     *
     * @param epochs epochs already completed
     * @param stopReason why a callback stopped the saved run, or null when it may go on
     */
    record Restored(int epochs, String stopReason) {
    }

    private static String describe(Batching b) {
        return b.trainSize() + " training samples in batches of " + b.batchSize() + (b.shuffle() ? ", shuffled" : "")
                + (b.dropLast() ? ", dropping the last" : "") + (b.seed() != null ? ", seed " + b.seed() : "");
    }

    private static void requireKind(TrainingState trainer, String part, Object present) {
        String saved = trainer.findString(part).orElse("nothing");
        if (!saved.equals(present.getClass().getName())) {
            throw new CheckpointException("The saved run's " + part + " is " + saved + ", this run's is "
                    + present.getClass().getName() + "; resume with the optimizer and callbacks the run was "
                    + "started with");
        }
    }

    /** Parameters and buffers as arrays, counters and noise steps as whole numbers. */
    private void saveModel(TrainingState s) {
        ModelState.tensors(model).forEach(s::putTensor);
        model.namedCounters().forEach((name, c) -> s.putLong("counter." + name, c.get()));
        model.namedNoiseSteps().forEach((name, c) -> s.putLong("noise_step." + name, c.get()));
    }

    /** All or nothing: every entry is found and checked before the model changes. */
    private void loadModel(TrainingState s) {
        Map<String, Tensor> targets = ModelState.tensors(model);
        var unexpected = new TreeSet<>(s.arrayNames());
        unexpected.removeAll(targets.keySet());
        if (!unexpected.isEmpty()) {
            throw new CheckpointException("The saved model has tensors " + unexpected + " that this model lacks; "
                    + "resume with the model the run was started with");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        targets.forEach((name, t) -> values.put(name, s.array(name, t.shape())));
        List<Runnable> counts = new ArrayList<>();
        countersFrom(s, "counter.", model.namedCounters(), counts);
        countersFrom(s, "noise_step.", model.namedNoiseSteps(), counts);
        Map<String, Parameter> params = model.namedParameters();
        targets.forEach((name, t) -> {
            Parameter p = params.get(name);
            if (p != null && p.value() == t) {
                p.set(values.get(name));
            } else {
                t.backend().write(t, values.get(name));
            }
        });
        counts.forEach(Runnable::run);
    }

    private static void countersFrom(TrainingState s, String prefix, Map<String, Counter> counters,
                                     List<Runnable> counts) {
        counters.forEach((name, c) -> {
            long v = s.getLong(prefix + name);
            if (v < 0) {
                throw new CheckpointException("The saved " + prefix + name + " is " + v + ", a count must be >= 0; "
                        + "the training state is corrupt");
            }
            counts.add(() -> c.set(v));
        });
    }
}
