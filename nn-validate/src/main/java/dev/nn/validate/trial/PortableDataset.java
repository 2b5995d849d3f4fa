package dev.nn.validate.trial;

import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import java.io.Serializable;
import java.util.List;

/**
 * A {@link Dataset} as plain arrays that serialize, for runners that send a job's data to other JVMs (broadcast once,
 * rebuilt there with {@link #dataset()}, which shares these arrays: treat them as read-only).
 *
 * @param features the samples' values, row-major
 * @param sampleShape the shape of one sample
 * @param labels one label per sample
 * @param classNames class names by index, empty when none are known
 */
public record PortableDataset(float[] features, int[] sampleShape, float[] labels,
                              @SuppressWarnings("serial") List<String> classNames)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the class names into an immutable list, which serializes. */
    public PortableDataset {
        classNames = List.copyOf(classNames);
    }

    /**
     * {@return the data set's arrays (copied once from it)}
     *
     * @param data the data set to send
     */
    public static PortableDataset of(Dataset data) {
        return new PortableDataset(data.features(), data.sampleShape().toArray(), data.labels(), data.classNames());
    }

    /** {@return the data set again, over the same arrays} */
    public Dataset dataset() {
        return new Dataset(features, Shape.of(sampleShape), labels, classNames);
    }
}
