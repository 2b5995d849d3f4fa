package dev.nn.core.layer;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.loss.Loss;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * Gradient checks by central finite differences, for the tests of any layer or loss of nn-core. A layer's output
 * is reduced to a scalar with a fixed random projection, {@code f(x) = sum_i r_i y_i} (in double), so one backward
 * pass with {@code gradOutput = r} gives the whole analytic gradient; each input or parameter element is then moved
 * by {@code +-step} in float32 and {@code (f(+) - f(-)) / (x+ - x-)} is compared with it. The difference uses the
 * float32 values actually stored, so rounding of the step does not count as error.
 *
 * <p>Pick inputs away from kinks (ReLU at 0, ties in a max window) by more than the step, or the numeric
 * derivative straddles them.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * The comparison for one tensor.
     *
     * @param name what was differentiated ({@code input}, {@code weight}, {@code body.0.bias}, ...)
     * @param count elements compared
     * @param maxAbsError largest {@code |analytic - numeric|}
     * @param maxRelError largest {@code |analytic - numeric| / max(|analytic|, |numeric|, 1e-3)}
     * @param worst index of the element with the largest absolute error
     * @param analyticAtWorst analytic derivative there
     * @param numericAtWorst numeric derivative there
     * @param analytic every analytic derivative
     * @param numeric every numeric derivative
     */
    public record Comparison(String name, int count, double maxAbsError, double maxRelError, int worst,
                             double analyticAtWorst, double numericAtWorst, double[] analytic, double[] numeric) {
        /**
         * @param atol absolute part
         * @param rtol relative part, times {@code |numeric|}
         * @return the first element with {@code |analytic - numeric| > atol + rtol |numeric|}, or -1
         */
        public int firstOutside(double atol, double rtol) {
            for (int i = 0; i < count; i++) {
                if (Math.abs(analytic[i] - numeric[i]) > atol + rtol * Math.abs(numeric[i])) {
                    return i;
                }
            }
            return -1;
        }

        /** @return {@code name: n values, max abs err .., max rel err ..} */
        public String line() {
            return String.format(java.util.Locale.ROOT, "%s: %d values, max abs err %.2e, max rel err %.2e", name,
                    count, maxAbsError, maxRelError);
        }
    }

    /**
     * All comparisons of one check.
     *
     * @param subject what was checked, for messages
     * @param comparisons by tensor name, input first
     */
    public record Report(String subject, Map<String, Comparison> comparisons) {
        /** @return the largest absolute error over every tensor */
        public double maxAbsError() {
            return comparisons.values().stream().mapToDouble(Comparison::maxAbsError).max().orElse(0);
        }

        /** @return the largest relative error over every tensor */
        public double maxRelError() {
            return comparisons.values().stream().mapToDouble(Comparison::maxRelError).max().orElse(0);
        }

        /** @param name a tensor name @return its comparison */
        public Comparison get(String name) {
            Comparison c = comparisons.get(name);
            if (c == null) {
                throw new IllegalArgumentException("No gradient '" + name + "' in " + comparisons.keySet());
            }
            return c;
        }

        /**
         * Fails (AssertionError) unless every element of every tensor satisfies
         * {@code |analytic - numeric| <= atol + rtol |numeric|}; prints the report line.
         *
         * @param atol absolute part
         * @param rtol relative part
         * @return this
         */
        public Report assertWithin(double atol, double rtol) {
            System.out.println("[gradcheck] " + line());
            for (Comparison c : comparisons.values()) {
                int i = c.firstOutside(atol, rtol);
                if (i >= 0) {
                    throw new AssertionError(subject + ": gradient of " + c.name() + " at index " + i
                            + " is analytic " + c.analytic()[i] + " but numeric " + c.numeric()[i]
                            + " (allowed " + atol + " + " + rtol + " * |numeric|)");
                }
            }
            return this;
        }

        /** @return one line: subject, then each tensor's errors */
        public String line() {
            StringBuilder sb = new StringBuilder(subject);
            comparisons.values().forEach(c -> sb.append(" | ").append(c.line()));
            return sb.toString();
        }
    }

    /**
     * Checks a layer's input gradient and every parameter gradient.
     *
     * @param subject a label for messages
     * @param layer the layer under test
     * @param x its input (values are perturbed during the check and restored)
     * @param mode the mode for every forward pass
     * @param random source of the output projection
     * @param step the finite-difference step
     * @return the comparisons: {@code input} then the parameters by dotted name
     */
    public static Report layer(String subject, Layer layer, Tensor x, Mode mode, RandomGenerator random,
                               double step) {
        Tensor y = layer.forward(x, mode);
        float[] r = new float[y.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) random.nextGaussian();
        }
        Tensor projection = y.backend().tensor(y.shape(), r);
        layer.zeroGrad();
        layer.forward(x, mode);
        float[] inputGrad = layer.backward(projection).toArray();
        Map<String, float[]> paramGrads = new LinkedHashMap<>();
        layer.namedParameters().forEach((name, p) -> paramGrads.put(name, p.grad().toArray()));

        DoubleSupplier objective = () -> dot(r, layer.forward(x, mode).toArray());
        Map<String, Comparison> out = new LinkedHashMap<>();
        out.put("input", numeric("input", x, inputGrad, objective, step));
        for (Map.Entry<String, Parameter> e : layer.namedParameters().entrySet()) {
            out.put(e.getKey(), numeric(e.getKey(), e.getValue().value(), paramGrads.get(e.getKey()), objective,
                    step));
        }
        return new Report(subject, out);
    }

    /**
     * Checks a loss's gradient with respect to its prediction.
     *
     * @param subject a label for messages
     * @param loss the loss under test
     * @param prediction the prediction (perturbed during the check and restored)
     * @param target the target
     * @param step the finite-difference step
     * @return the comparison under the name {@code prediction}
     */
    public static Report loss(String subject, Loss loss, Tensor prediction, Tensor target, double step) {
        loss.forward(prediction, target);
        float[] analytic = loss.backward().toArray();
        DoubleSupplier objective = () -> loss.forward(prediction, target).item();
        Map<String, Comparison> out = new LinkedHashMap<>();
        out.put("prediction", numeric("prediction", prediction, analytic, objective, step));
        return new Report(subject, out);
    }

    /**
     * Compares an analytic gradient with central differences of a scalar objective that reads {@code wrt}.
     *
     * @param name for messages
     * @param wrt the tensor whose elements are perturbed one at a time (restored afterwards)
     * @param analytic the analytic gradient, one value per element
     * @param objective evaluates the scalar function at the current values
     * @param step the finite-difference step
     * @return the comparison
     */
    public static Comparison numeric(String name, Tensor wrt, float[] analytic, DoubleSupplier objective,
                                     double step) {
        if (analytic.length != wrt.size()) {
            throw new IllegalArgumentException("Analytic gradient of " + name + " has " + analytic.length
                    + " values but the tensor " + wrt.shape() + " has " + wrt.size());
        }
        float[] values = wrt.toArray();
        double[] a = new double[values.length];
        double[] num = new double[values.length];
        double maxAbs = 0;
        double maxRel = 0;
        int worst = 0;
        for (int i = 0; i < values.length; i++) {
            float original = values[i];
            float plus = (float) (original + step);
            float minus = (float) (original - step);
            values[i] = plus;
            wrt.backend().write(wrt, values);
            double fPlus = objective.getAsDouble();
            values[i] = minus;
            wrt.backend().write(wrt, values);
            double fMinus = objective.getAsDouble();
            values[i] = original;
            wrt.backend().write(wrt, values);
            num[i] = (fPlus - fMinus) / ((double) plus - minus);
            a[i] = analytic[i];
            double err = Math.abs(a[i] - num[i]);
            if (err > maxAbs) {
                maxAbs = err;
                worst = i;
            }
            maxRel = Math.max(maxRel, err / Math.max(Math.max(Math.abs(a[i]), Math.abs(num[i])), 1e-3));
        }
        return new Comparison(name, values.length, maxAbs, maxRel, worst, values.length == 0 ? 0 : a[worst],
                values.length == 0 ? 0 : num[worst], a, num);
    }

    private static double dot(float[] r, float[] y) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += (double) r[i] * y[i];
        }
        return s;
    }
}
