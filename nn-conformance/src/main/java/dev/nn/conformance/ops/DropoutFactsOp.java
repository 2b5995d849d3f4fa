package dev.nn.conformance.ops;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.Fields;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenFormatException;
import dev.nn.conformance.GoldenOp;
import dev.nn.conformance.Tolerance;
import dev.nn.conformance.Verdict;
import dev.nn.regularize.Dropout;
import dev.nn.regularize.Dropout2d;
import dev.nn.regularize.NoiseSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks {@code dropout_facts}: the float32 scale and how it is applied, p = 0 / p = 1 / eval behaviour on special
 * values (sign of zero included), PyTorch's errors for p outside [0, 1], and Dropout2d's whole-plane masks and
 * warnings. One result per fact. The masks come from nn's own generator; only their deterministic properties
 * are compared, as the file's notes say.
 */
public final class DropoutFactsOp implements GoldenOp {
    private static final Pattern P_ARGUMENT = Pattern.compile("\\bp=(-?[0-9.]+)");
    private static final Pattern SHAPE = Pattern.compile("(?:shape |ones)\\(([0-9,\\s]+)\\)");
    private static final long SEED = 7;
    /** Draws per keep-fraction check, as in the file's {@code observed_keep_fraction_20000_draws}. */
    private static final int DRAWS = 20_000;
    /** Binomial bound for keep fractions: a correct implementation fails it with probability below 1e-6. */
    private static final double SIGMAS = 5;

    /** Stateless; one instance serves every file. */
    public DropoutFactsOp() {
    }

    @Override
    public Set<String> ops() {
        return Set.of("dropout_facts");
    }

    @Override
    public List<CaseResult> run(GoldenFile file, Backend backend) {
        Map<String, Object> root = file.root();
        Tolerance tolerance = file.tolerance("scale");
        List<CaseResult> results = new ArrayList<>();
        List<Map<String, Object>> scales = Fields.objects(root, "scale", file.where("scale"));
        for (int n = 0; n < scales.size(); n++) {
            int i = n;
            results.add(guard(file.caseId() + "/scale[" + i + "]",
                    id -> scale(scales.get(i), file.where("scale[" + i + "]"), tolerance, backend, id)));
        }
        List<Map<String, Object>> specials = Fields.objects(root, "special_values", file.where("special_values"));
        for (int n = 0; n < specials.size(); n++) {
            int i = n;
            results.add(guard(file.caseId() + "/special_values[" + i + "]",
                    id -> specialValues(specials.get(i), file.where("special_values[" + i + "]"), backend, id)));
        }
        List<Map<String, Object>> errors = Fields.objects(root, "errors", file.where("errors"));
        for (int n = 0; n < errors.size(); n++) {
            int i = n;
            results.add(guard(file.caseId() + "/errors[" + i + "]",
                    id -> error(errors.get(i), file.where("errors[" + i + "]"), backend, id)));
        }
        Map<String, Object> d2 = Fields.object(root, "dropout2d", file.where("dropout2d"));
        String where = file.where("dropout2d");
        results.add(guard(file.caseId() + "/dropout2d/planes", id -> planes(d2, where, backend, id)));
        results.add(guard(file.caseId() + "/dropout2d/input_3d",
                id -> rows3d(Fields.object(d2, "input_3d", where + ".input_3d"), where + ".input_3d", backend, id)));
        results.add(guard(file.caseId() + "/dropout2d/input_2d",
                id -> warningsOnly(Fields.object(d2, "input_2d", where + ".input_2d"), where + ".input_2d", id)));
        return results;
    }

    private interface Check {
        CaseResult run(String id);
    }

    /** A fact that throws unexpectedly is a FAIL of that fact, not of the file. */
    private static CaseResult guard(String id, Check check) {
        try {
            return check.run(id);
        } catch (RuntimeException e) {
            return CaseResult.fail(id, "error: " + e);
        }
    }

    // ---- scale ------------------------------------------------------------------------------------------------

    private static CaseResult scale(Map<String, Object> fact, String where, Tolerance tolerance, Backend backend,
                                    String id) {
        double p = Fields.number(fact, "p", where + ".p");
        double scaleF32 = Fields.number(fact, "scale_f32", where + ".scale_f32");
        Verdict v = new Verdict(id + " p=" + p);
        v.compare("scale_f32", scaleF32, Dropout.scale(p), tolerance);       // as doubles: the float32 is exact
        float expectedScale = (float) scaleF32;

        Tensor x = probe(backend, 4096);
        float[] xs = x.toArray();
        float[] ys = new Dropout(p, NoiseSource.of(SEED)).forward(x, Mode.TRAIN).toArray();
        boolean timesScale = Fields.bool(fact, "kept_elements_equal_x_times_scale_f32_bit_exact",
                where + ".kept_elements_equal_x_times_scale_f32_bit_exact");
        boolean divided = Fields.bool(fact, "kept_elements_equal_x_div_f32_1_minus_p_bit_exact",
                where + ".kept_elements_equal_x_div_f32_1_minus_p_bit_exact");
        float oneMinusP = (float) (1.0 - p);
        boolean allKeptEqualDivision = true;
        int kept = 0;
        for (int i = 0; i < xs.length && v.ok(); i++) {
            boolean isDropped = same(ys[i], xs[i] * 0f);
            boolean isScaled = same(ys[i], xs[i] * expectedScale);
            if (!isDropped && !(timesScale && isScaled)) {
                v.fail("output=y index=" + i + " x=" + xs[i] + " y=" + ys[i] + " is neither x*0 nor x*scale_f32="
                        + xs[i] * expectedScale);
            }
            if (!isDropped) {
                kept++;
                allKeptEqualDivision &= same(ys[i], xs[i] / oneMinusP);
            }
        }
        if (v.ok() && allKeptEqualDivision != divided) {
            v.fail("kept elements " + (allKeptEqualDivision ? "all equal" : "do not all equal") + " x / float32(1-p)"
                    + ", the file says " + divided);
        }
        // keep fraction: our own generator, so only its rate is comparable (within a binomial bound)
        Tensor ones = backend.zeros(Shape.of(DRAWS));
        backend.fill(ones, 1f);
        float[] mask = new Dropout(p, NoiseSource.of(SEED + 1)).forward(ones, Mode.TRAIN).toArray();
        int keptOnes = 0;
        for (float m : mask) {
            keptOnes += m != 0f ? 1 : 0;
        }
        double sd = Math.sqrt(DRAWS * p * (1 - p));
        if (v.ok() && Math.abs(keptOnes - DRAWS * (1 - p)) > SIGMAS * sd) {
            v.fail("keep fraction " + (double) keptOnes / DRAWS + " over " + DRAWS + " draws is more than " + SIGMAS
                    + " sigma from 1-p=" + (1 - p) + " (PyTorch observed "
                    + Fields.number(fact, "observed_keep_fraction_20000_draws", where) + ")");
        }
        if (v.ok() && kept == 0) {
            v.fail("no element of the probe was kept at p=" + p);
        }
        return v.result();
    }

    /** Values spread over magnitudes and signs, so a division in place of the multiply shows up. */
    private static Tensor probe(Backend backend, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((i % 2 == 0 ? 1 : -1) * (1.0 + i * 0.7548776662466927) * Math.pow(2, i % 13 - 6));
        }
        return backend.tensor(Shape.of(n), v);
    }

    // ---- special values ---------------------------------------------------------------------------------------

    private static CaseResult specialValues(Map<String, Object> fact, String where, Backend backend, String id) {
        String call = Fields.string(fact, "call", where + ".call");
        double p = Fields.number(fact, "p", where + ".p");
        Mode mode = Fields.bool(fact, "training", where + ".training") ? Mode.TRAIN : Mode.EVAL;
        float[] x = floats(Fields.list(fact, "x", where + ".x"), where + ".x");
        float[] expected = floats(Fields.list(fact, "y", where + ".y"), where + ".y");
        boolean channels = call.contains("dropout2d");
        int[] dims = channels ? shape(call, where) : new int[] {x.length};
        Layer layer = channels ? new Dropout2d(p, NoiseSource.of(SEED)) : new Dropout(p, NoiseSource.of(SEED));
        float[] y = layer.forward(backend.tensor(Shape.of(dims), x), mode).toArray();
        Verdict v = new Verdict(id + " " + call);
        if (y.length != expected.length) {
            return v.fail("output=y size expected=" + expected.length + " actual=" + y.length).result();
        }
        for (int i = 0; i < y.length && v.ok(); i++) {
            if (!same(expected[i], y[i])) {           // bit-exact: NaN is NaN, and -0.0 is not 0.0
                v.fail("output=y index=" + i + " x=" + x[i] + " expected=" + expected[i] + " actual=" + y[i]);
            }
        }
        return v.result();
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    private static CaseResult error(Map<String, Object> fact, String where, Backend backend, String id) {
        String call = Fields.string(fact, "call", where + ".call");
        boolean raises = Fields.bool(fact, "raises", where + ".raises");
        double p = pArgument(call, where);
        boolean channels = call.contains("dropout2d");
        Verdict v = new Verdict(id + " " + call);
        try {
            Layer layer = channels ? new Dropout2d(p, NoiseSource.of(SEED)) : new Dropout(p, NoiseSource.of(SEED));
            Tensor x = backend.zeros(Shape.of(2, 3, 2, 2));
            backend.fill(x, 1f);
            layer.forward(x, Mode.TRAIN);
            if (raises) {
                v.fail("expected " + Fields.string(fact, "exception_type", where) + " '"
                        + Fields.string(fact, "message", where) + "' but nothing was raised");
            }
            List<Object> warnings = Fields.list(fact, "warnings", where + ".warnings");
            Optional<String> ours = channels ? Dropout2d.inputWarning(x.shape()) : Optional.empty();
            if (v.ok() && warnings.size() != (ours.isPresent() ? 1 : 0)) {
                v.fail("warnings expected=" + warnings + " actual=" + ours.map(List::of).orElse(List.of()));
            }
        } catch (IllegalArgumentException e) {
            if (!raises) {
                v.fail("unexpected error: " + e.getMessage());
            } else {
                String message = Fields.string(fact, "message", where + ".message");
                if (e.getMessage() == null || !e.getMessage().contains(message)) {
                    v.fail("message expected to contain '" + message + "' actual='" + e.getMessage() + "'");
                }
            }
        }
        return v.result();
    }

    // ---- Dropout2d --------------------------------------------------------------------------------------------

    private static CaseResult planes(Map<String, Object> fact, String where, Backend backend, String id) {
        String call = Fields.string(fact, "call", where + ".call");
        int[] dims = shape(call, where);
        double p = pArgument(call, where);
        Tensor x = backend.zeros(Shape.of(dims));
        backend.fill(x, 1f);
        float[] y = new Dropout2d(p, NoiseSource.of(SEED)).forward(x, Mode.TRAIN).toArray();
        int plane = Shape.of(dims).product(2, dims.length);
        Verdict v = new Verdict(id);
        boolean constant = constantRuns(y, plane);
        if (constant != Fields.bool(fact, "every_(n,c)_plane_constant", where)) {
            v.fail("every (n, c) plane constant: expected " + !constant + " actual " + constant);
        }
        Set<Double> seen = new TreeSet<>();
        for (int start = 0; start < y.length; start += plane) {
            seen.add((double) y[start]);
        }
        Set<Double> allowed = new TreeSet<>();
        for (Object o : Fields.list(fact, "expected_plane_values", where + ".expected_plane_values")) {
            allowed.add(Fields.toDouble(o, where + ".expected_plane_values"));
        }
        if (v.ok() && !allowed.containsAll(seen)) {
            v.fail("plane values expected within " + allowed + " actual " + seen);
        }
        Set<Double> seenByPyTorch = new TreeSet<>();
        for (Object o : Fields.list(fact, "plane_values_seen", where + ".plane_values_seen")) {
            seenByPyTorch.add(Fields.toDouble(o, where + ".plane_values_seen"));
        }
        if (v.ok() && !seen.equals(seenByPyTorch)) {
            v.fail("plane values seen: PyTorch " + seenByPyTorch + " (kept and dropped planes), nn " + seen);
        }
        return v.result();
    }

    private static CaseResult rows3d(Map<String, Object> fact, String where, Backend backend, String id) {
        String call = Fields.string(fact, "call", where + ".call");
        int[] dims = shape(call, where);
        Tensor x = backend.zeros(Shape.of(dims));
        backend.fill(x, 1f);
        float[] y = new Dropout2d(pArgument(call, where), NoiseSource.of(SEED)).forward(x, Mode.TRAIN).toArray();
        Verdict v = new Verdict(id);
        boolean constant = constantRuns(y, dims[dims.length - 1]);
        if (constant != Fields.bool(fact, "rows_constant", where + ".rows_constant")) {
            v.fail("rows constant: expected " + !constant + " actual " + constant);
        }
        return checkWarnings(v, fact, where, dims).result();
    }

    private static CaseResult warningsOnly(Map<String, Object> fact, String where, String id) {
        int[] dims = shape(Fields.string(fact, "call", where + ".call"), where);
        return checkWarnings(new Verdict(id), fact, where, dims).result();
    }

    private static Verdict checkWarnings(Verdict v, Map<String, Object> fact, String where, int[] dims) {
        List<String> expected = Fields.list(fact, "warnings", where + ".warnings").stream()
                .map(String::valueOf).toList();
        List<String> actual = Dropout2d.inputWarning(Shape.of(dims)).map(List::of).orElse(List.of());
        if (!expected.equals(actual)) {
            v.fail("warnings expected=" + expected + " actual=" + actual);
        }
        return v;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static boolean constantRuns(float[] y, int run) {
        for (int start = 0; start < y.length; start += run) {
            for (int i = start; i < start + run; i++) {
                if (!same(y[i], y[start])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean same(float a, float b) {
        return Float.floatToIntBits(a) == Float.floatToIntBits(b);
    }

    private static float[] floats(List<Object> values, String where) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Fields.toDouble(values.get(i), where + "[" + i + "]");
        }
        return out;
    }

    private static int[] shape(String call, String where) {
        Matcher m = SHAPE.matcher(call);
        if (!m.find()) {
            throw new GoldenFormatException(where + ".call '" + call + "' names no shape");
        }
        String[] parts = m.group(1).split(",");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = Integer.parseInt(parts[i].trim());
        }
        return dims;
    }

    private static double pArgument(String call, String where) {
        Matcher m = P_ARGUMENT.matcher(call);
        if (!m.find()) {
            throw new GoldenFormatException(where + ".call '" + call + "' names no p=...");
        }
        return Double.parseDouble(m.group(1));
    }
}
