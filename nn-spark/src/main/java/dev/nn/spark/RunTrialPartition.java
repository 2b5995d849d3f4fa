package dev.nn.spark;

import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.TrialResult;
import java.io.Serial;
import java.io.Serializable;
import java.util.function.BooleanSupplier;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * What a Spark task does with its partition (one trial): gets the job's data set (decoded once per executor JVM)
 * and runs the trial there. {@link dev.nn.validate.trial.Trial#run} turns an exception into a failed result, so a
 * bad trial comes back as data instead of being retried by Spark into a job failure; a killed task (the job was
 * cancelled) sees its stop condition turn true.
 */
final class RunTrialPartition extends AbstractFunction1<Iterator<TrialTask>, TrialResult> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> data;
    private final String dataHash;

    /**
     * @param data the broadcast encoded data set
     * @param dataHash its hash, the executors' cache key
     */
    RunTrialPartition(Broadcast<byte[]> data, String dataHash) {
        this.data = data;
        this.dataHash = dataHash;
    }

    @Override
    public TrialResult apply(Iterator<TrialTask> partition) {
        TrialTask task = partition.next();
        if (partition.hasNext()) {
            throw new IllegalStateException("A partition of nn-spark holds one trial, this one holds more; "
                    + "trial " + task.trial().index() + " shares it");
        }
        Dataset samples = ExecutorDatasets.get(dataHash, data::value);
        TaskContext context = TaskContext.get();
        BooleanSupplier stop = context == null ? () -> false : context::isInterrupted;
        return task.trial().run(task.work(), samples, stop, task.keepWeights());
    }
}
