package dev.nn.core.data;

import dev.nn.api.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Samples held in memory: features as one row-major {@code float[]} of {@code size() x sampleShape} values, and one
 * label per sample (a class index stored as a float, or a regression target). Immutable: subsets and transformed
 * copies are new datasets.
 */
public final class Dataset {
    private final float[] features;
    private final Shape sampleShape;
    private final float[] labels;
    private final List<String> classNames;

    /**
     * A dataset over the given arrays (not copied).
     *
     * @param features {@code labels.length * sampleShape.size()} values, row-major; not copied
     * @param sampleShape the shape of one sample, e.g. {@code [4]} for a feature row or {@code [1, 28, 28]} for an
     *                    image
     * @param labels one label per sample; not copied
     * @param classNames names of the classes by index (empty when labels are numbers, not categories)
     */
    public Dataset(float[] features, Shape sampleShape, float[] labels, List<String> classNames) {
        long expected = (long) labels.length * sampleShape.size();
        if (features.length != expected) {
            throw new DataException("A dataset of " + labels.length + " samples of shape " + sampleShape
                    + " needs " + expected + " feature values, got " + features.length
                    + "; give one label per sample and sampleShape.size() features per sample");
        }
        this.features = features;
        this.sampleShape = sampleShape;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Without class names.
     *
     * @param features {@code labels.length * sampleShape.size()} values, row-major; not copied
     * @param sampleShape the shape of one sample
     * @param labels one label per sample; not copied
     */
    public Dataset(float[] features, Shape sampleShape, float[] labels) {
        this(features, sampleShape, labels, List.of());
    }

    /** {@return the number of samples} */
    public int size() {
        return labels.length;
    }

    /** {@return the shape of one sample} */
    public Shape sampleShape() {
        return sampleShape;
    }

    /** {@return the number of values in one sample} */
    public int sampleSize() {
        return sampleShape.size();
    }

    /** {@return class names by index, empty when none are known} */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * {@return the number of classes: the class names' count when known, else the largest label + 1}
     *
     * @throws DataException when a label is not a non-negative integer below {@code 2^31 - 1}; the readers apply
     *                       a tighter, configurable limit where they know the label's file and line
     *                       ({@link ClassIndices})
     */
    public int numClasses() {
        if (!classNames.isEmpty()) {
            return classNames.size();
        }
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            float l = labels[i];
            if (!(l >= 0) || l != Math.rint(l)) {
                throw new DataException("Label " + l + " of sample " + i + " is not a class index (an integer >= 0)"
                        + "; this dataset holds regression targets, not classes");
            }
            if (l > Integer.MAX_VALUE - 1) {   // as an int it would saturate, and the count + 1 overflow
                throw new DataException("Label " + l + " of sample " + i + " is too large to be a class index (at "
                        + "most " + (Integer.MAX_VALUE - 1) + "); this dataset holds regression targets or corrupt "
                        + "labels, not classes");
            }
            max = Math.max(max, (int) l);
        }
        return max + 1;
    }

    /**
     * {@return its label}
     *
     * @param i sample index
     */
    public float label(int i) {
        return labels[checkIndex(i)];
    }

    /** {@return a copy of all labels} */
    public float[] labels() {
        return labels.clone();
    }

    /**
     * {@return a copy of its features}
     *
     * @param i sample index
     */
    public float[] features(int i) {
        int n = sampleSize();
        return Arrays.copyOfRange(features, checkIndex(i) * n, i * n + n);
    }

    /** {@return a copy of all features, row-major} */
    public float[] features() {
        return features.clone();
    }

    /** Read-only access for this package's transforms, without a copy. */
    float[] featureArray() {
        return features;
    }

    /**
     * {@return a new dataset with copies of those samples (for hold-out splits and K-fold)}
     *
     * @param indices sample indices, in the order wanted; repeats allowed (bootstrap)
     */
    public Dataset subset(int[] indices) {
        int n = sampleSize();
        float[] f = new float[indices.length * n];
        float[] l = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = checkIndex(indices[k]);
            System.arraycopy(features, i * n, f, k * n, n);
            l[k] = labels[i];
        }
        return new Dataset(f, sampleShape, l, classNames);
    }

    /**
     * {@return those samples as one batch of shape {@code (indices.length, sampleShape...)}}
     *
     * @param indices sample indices
     */
    public Batch batch(int[] indices) {
        Dataset d = subset(indices);
        int[] dims = sampleShape.toArray();
        int[] batchDims = new int[dims.length + 1];
        batchDims[0] = indices.length;
        System.arraycopy(dims, 0, batchDims, 1, dims.length);
        return new Batch(d.features, Shape.of(batchDims), d.labels, indices.clone());
    }

    /**
     * {@return the same data viewed with another sample shape, e.g. {@code [784]} for an MLP on {@code [1, 28, 28]}}
     *
     * @param newSampleShape a shape with the same number of values per sample
     */
    public Dataset reshape(Shape newSampleShape) {
        if (newSampleShape.size() != sampleSize()) {
            throw new DataException("Cannot reshape samples of shape " + sampleShape + " (" + sampleSize()
                    + " values) to " + newSampleShape + " (" + newSampleShape.size() + " values)");
        }
        return new Dataset(features, newSampleShape, labels, classNames);
    }

    /** {@return the samples flattened to shape {@code [sampleSize]}} */
    public Dataset flatten() {
        return reshape(Shape.of(sampleSize()));
    }

    /**
     * @param newFeatures replacement features of the same length; not copied
     * @return a dataset with the same labels and shape
     */
    Dataset withFeatures(float[] newFeatures) {
        return new Dataset(newFeatures, sampleShape, labels, classNames);
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new DataException("Sample index " + i + " is out of range for a dataset of " + labels.length
                    + " samples (valid: 0.." + (labels.length - 1) + ")");
        }
        return i;
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " samples of shape " + sampleShape
                + (classNames.isEmpty() ? "" : ", classes " + classNames) + ")";
    }
}
