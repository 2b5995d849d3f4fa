package dev.nn.validate;

import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.TrialRunner;

/** How the validations pick their runner and their job's data. */
final class Runners {
    private Runners() {
    }

    /**
     * @param runner the runner the caller gave, or null
     * @param parallelism threads of the default local runner
     * @return the given runner, or a local one of {@code parallelism} threads
     * @throws IllegalArgumentException when both are given (the runner has its own setting) or parallelism is < 1
     */
    static TrialRunner choose(TrialRunner runner, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism
                    + "; use 1 for sequential folds");
        }
        if (runner == null) {
            return new LocalTrialRunner(parallelism);
        }
        if (parallelism != 1) {
            throw new IllegalArgumentException("parallelism " + parallelism + " is the built-in local runner's "
                    + "setting, but the runner '" + runner.name() + "' was given; set the runner's own parallelism "
                    + "instead (e.g. TrialRunners.open(\"local\", Map.of(\"parallelism\", \"4\")))");
        }
        return runner;
    }

    /**
     * @param data the work's data set, or null when an in-process fitter reads its own
     * @param rows the number of samples the splitter split
     * @return the job's data
     * @throws IllegalArgumentException when the data set's size differs from the split samples'
     */
    static Dataset data(Dataset data, int rows) {
        if (data == null) {
            return FoldFitterWork.rows(rows);
        }
        if (data.size() != rows) {
            throw new IllegalArgumentException("The work's data set has " + data.size() + " samples but the "
                    + "splitter split " + rows + "; give Samples built from the same data set");
        }
        return data;
    }
}
