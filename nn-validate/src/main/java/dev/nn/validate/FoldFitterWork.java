package dev.nn.validate;

import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.TrialWork;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.function.BooleanSupplier;

/**
 * A {@link FoldFitter} as a trial's work: it holds its own data and backend, so it ignores the job's data and runs
 * only where it was made (the local runner). Serializing it fails with the reason, so a runner that ships trials
 * refuses it before anything runs.
 */
final class FoldFitterWork implements TrialWork {
    private static final long serialVersionUID = 1L;

    /** Lives in this JVM only; {@link #writeObject} refuses to ship it. */
    private final transient FoldFitter fitter;

    FoldFitterWork(FoldFitter fitter) {
        this.fitter = java.util.Objects.requireNonNull(fitter, "fitter");
    }

    /**
     * @param rows the number of samples the fitter's data holds
     * @return a data set of that many rows and no features: trials index it, the fitter reads its own data
     */
    static Dataset rows(int rows) {
        return new Dataset(new float[0], Shape.of(0), new float[rows]);
    }

    @Override
    public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
        return fitter.fit(fold);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("a FoldFitter (" + fitter.getClass().getName() + ") is in-process "
                + "code with its own backend and data, which cannot travel to another JVM");
    }
}
