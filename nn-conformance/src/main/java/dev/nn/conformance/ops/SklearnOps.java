package dev.nn.conformance.ops;

import dev.nn.api.backend.Backend;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.Fields;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenFormatException;
import dev.nn.conformance.GoldenOp;
import dev.nn.conformance.Tolerance;
import dev.nn.conformance.Verdict;
import dev.nn.validate.HoldOut;
import dev.nn.validate.HoldOutSizes;
import dev.nn.validate.HoldOutSplit;
import dev.nn.validate.KFold;
import dev.nn.validate.Samples;
import dev.nn.validate.SizeSpec;
import dev.nn.validate.Split;
import dev.nn.validate.SplitException;
import dev.nn.validate.SplitPlan;
import dev.nn.validate.StratifiedKFold;
import dev.nn.validate.TrainSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scikit-learn golden files against {@code dev.nn.validate}: exact unshuffled KFold / StratifiedKFold indices,
 * seed-independent sizes and class counts of shuffled splits, {@code train_test_split} sizes, learning-curve
 * training sizes, and every recorded error (the message must contain scikit-learn's text) and warning (equal
 * texts). One result per case or error fact; the backend is not used (splitting is integer work).
 */
public final class SklearnOps implements GoldenOp {
    private static final Pattern KFOLD_ERROR =
            Pattern.compile("list\\(KFold\\(n_splits=(-?\\d+)\\)\\.split\\(np\\.zeros\\(\\((\\d+), 1\\)\\)\\)\\)");
    private static final Pattern SKF_ERROR =
            Pattern.compile("list\\(StratifiedKFold\\(n_splits=(-?\\d+)\\)\\.split\\(X, y=\\[([-\\d, ]*)\\]\\)\\)");
    private static final Pattern CV_KFOLD = Pattern.compile("KFold\\(n_splits=(\\d+)\\)");

    /** Creates the checker. */
    public SklearnOps() {
    }

    @Override
    public Set<String> ops() {
        return Set.of("sklearn_kfold", "sklearn_stratified_kfold", "sklearn_train_test_split",
                "sklearn_learning_curve");
    }

    @Override
    public List<CaseResult> run(GoldenFile file, Backend backend) {
        return switch (file.op()) {
            case "sklearn_kfold" -> kfold(file);
            case "sklearn_stratified_kfold" -> stratified(file);
            case "sklearn_train_test_split" -> trainTestSplit(file);
            case "sklearn_learning_curve" -> learningCurve(file);
            default -> throw new GoldenFormatException(file.fileName() + ": op '" + file.op() + "' is not "
                    + "handled by " + getClass().getSimpleName());
        };
    }

    private List<CaseResult> kfold(GoldenFile file) {
        List<CaseResult> out = new ArrayList<>();
        forEachEntry(file, "cases", (c, where, i) -> {
            int n = Fields.integer(c, "n_samples", where);
            int k = Fields.integer(c, "n_splits", where);
            boolean shuffle = Fields.bool(c, "shuffle", where);
            String id = file.caseId() + "/n" + n + "_k" + k + (shuffle ? "_shuffled" : "");
            out.add(check(id, v -> {
                KFold kf = shuffle ? new KFold(k, true, (long) Fields.integer(c, "random_state", where))
                        : new KFold(k);
                SplitPlan plan = kf.split(Samples.of(n));
                compareSizes(v, c, where, plan);
                if (!shuffle) {
                    compareFolds(v, c, where, plan);
                } else {
                    int[] trainSizes = Fields.ints(c, "train_sizes", where + ".train_sizes");
                    int[] actual = plan.splits().stream().mapToInt(s -> s.train().length).toArray();
                    v.compare("train_sizes", toDouble(trainSizes), toDouble(actual), Tolerance.EXACT);
                }
            }));
        });
        forEachEntry(file, "errors", (e, where, i) -> {
            Matcher m = replayableCall(e, where, KFOLD_ERROR, "KFold(...).split(np.zeros(...))");
            int k = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            out.add(expectError(file.caseId() + "/error" + i, e, where, () -> new KFold(k).split(Samples.of(n))));
        });
        return out;
    }

    private List<CaseResult> stratified(GoldenFile file) {
        List<CaseResult> out = new ArrayList<>();
        forEachEntry(file, "cases", (c, where, i) -> {
            int[] y = Fields.ints(c, "y", where + ".y");
            int k = Fields.integer(c, "n_splits", where);
            boolean shuffle = Fields.bool(c, "shuffle", where);
            String id = file.caseId() + "/case" + i + "_n" + y.length + "_k" + k + (shuffle ? "_shuffled" : "");
            out.add(check(id, v -> {
                StratifiedKFold skf = shuffle
                        ? new StratifiedKFold(k, true, (long) Fields.integer(c, "random_state", where))
                        : new StratifiedKFold(k);
                SplitPlan plan = skf.split(Samples.labeled(y));
                compareSizes(v, c, where, plan);
                if (!shuffle) {
                    compareFolds(v, c, where, plan);
                    List<Map<String, Object>> folds = Fields.objects(c, "folds", where + ".folds");
                    for (int f = 0; f < folds.size(); f++) {
                        compareClassCounts(v, "fold" + f + ".test_class_counts", Fields.object(folds.get(f),
                                "test_class_counts", where + ".folds[" + f + "]"), y, plan.get(f).test());
                    }
                    List<Object> warnings = Fields.list(c, "warnings", where + ".warnings");
                    if (!warnings.equals(List.copyOf(plan.warnings()))) {
                        v.fail("warnings expected=" + warnings + " actual=" + plan.warnings());
                    }
                } else {
                    List<Map<String, Object>> perFold = Fields.objects(c, "test_class_counts_per_fold",
                            where + ".test_class_counts_per_fold");
                    for (int f = 0; f < perFold.size(); f++) {
                        compareClassCounts(v, "fold" + f + ".test_class_counts", perFold.get(f), y,
                                plan.get(f).test());
                    }
                }
            }));
        });
        forEachEntry(file, "errors", (e, where, i) -> {
            Matcher m = replayableCall(e, where, SKF_ERROR, "StratifiedKFold(...).split(X, y=[...])");
            int k = Integer.parseInt(m.group(1));
            int[] y = java.util.Arrays.stream(m.group(2).split(",")).map(String::trim)
                    .mapToInt(Integer::parseInt).toArray();
            out.add(expectError(file.caseId() + "/error" + i, e, where,
                    () -> new StratifiedKFold(k).split(Samples.labeled(y))));
        });
        return out;
    }

    private List<CaseResult> trainTestSplit(GoldenFile file) {
        List<CaseResult> out = new ArrayList<>();
        forEachEntry(file, "cases", (c, where, i) -> {
            int n = Fields.integer(c, "n_samples", where);
            SizeSpec test = size(c, "test_size", where);
            SizeSpec train = size(c, "train_size", where);
            String id = file.caseId() + "/n" + n + "_test" + text(test) + "_train" + text(train);
            out.add(check(id, v -> {
                HoldOutSizes sizes = HoldOutSizes.of(n, test, train);
                v.compare("n_train", Fields.integer(c, "n_train", where), sizes.train(), Tolerance.EXACT);
                v.compare("n_test", Fields.integer(c, "n_test", where), sizes.test(), Tolerance.EXACT);
                HoldOut.Builder b = HoldOut.builder().optTestSize(test).optTrainSize(train);
                HoldOutSplit split = b.build().split(Samples.of(n));
                v.compare("unshuffled_train", toDouble(Fields.ints(c, "unshuffled_train", where)),
                        toDouble(split.train()), Tolerance.EXACT);
                v.compare("unshuffled_test", toDouble(Fields.ints(c, "unshuffled_test", where)),
                        toDouble(split.test()), Tolerance.EXACT);
            }));
        });
        forEachEntry(file, "errors", (e, where, i) -> {
            int n = Fields.integer(e, "n_samples", where);
            SizeSpec test = size(e, "test_size", where);
            SizeSpec train = size(e, "train_size", where);
            out.add(expectError(file.caseId() + "/error" + i + "_test" + text(test) + "_train" + text(train), e,
                    where, () -> HoldOutSizes.of(n, test, train)));
        });
        return out;
    }

    private List<CaseResult> learningCurve(GoldenFile file) {
        List<CaseResult> out = new ArrayList<>();
        forEachEntry(file, "cases", (c, where, i) -> {
            int n = Fields.integer(c, "n_samples", where);
            String cv = Fields.string(c, "cv", where + ".cv");
            Matcher m = CV_KFOLD.matcher(cv);
            int k = m.find() ? Integer.parseInt(m.group(1)) : 5;
            String id = file.caseId() + "/n" + n + "_cv" + k + "_case" + i;
            out.add(check(id, v -> {
                int nMax = new KFold(k).split(Samples.of(n)).get(0).train().length;
                v.compare("n_max_training_samples", Fields.integer(c, "n_max_training_samples", where), nMax,
                        Tolerance.EXACT);
                List<String> warnings = new ArrayList<>();
                int[] abs = trainSizes(c, where).resolve(nMax, warnings);
                v.compare("train_sizes_abs", toDouble(Fields.ints(c, "train_sizes_abs", where)), toDouble(abs),
                        Tolerance.EXACT);
                List<Object> expected = Fields.list(c, "warnings", where + ".warnings");
                if (!expected.equals(List.copyOf(warnings))) {
                    v.fail("warnings expected=" + expected + " actual=" + warnings);
                }
            }));
        });
        forEachEntry(file, "translate_train_sizes", (c, where, i) -> {
            int nMax = Fields.integer(c, "n_max_training_samples", where);
            out.add(check(file.caseId() + "/translate" + i + "_nmax" + nMax, v -> v.compare("train_sizes_abs",
                    toDouble(Fields.ints(c, "train_sizes_abs", where)),
                    toDouble(trainSizes(c, where).resolve(nMax)), Tolerance.EXACT)));
        });
        forEachEntry(file, "errors", (e, where, i) -> {
            int nMax = Fields.integer(e, "n_max_training_samples", where);
            out.add(expectError(file.caseId() + "/error" + i, e, where,
                    () -> trainSizes(e, where).resolve(nMax)));
        });
        return out;
    }

    private static TrainSizes trainSizes(Map<String, Object> c, String where) {
        List<Object> raw = Fields.list(c, "train_sizes", where + ".train_sizes");
        if (raw.stream().allMatch(o -> o instanceof Long)) {
            return TrainSizes.counts(raw.stream().mapToInt(o -> (int) (long) (Long) o).toArray());
        }
        double[] f = new double[raw.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = Fields.toDouble(raw.get(i), where + ".train_sizes[" + i + "]");
        }
        return TrainSizes.fractions(f);
    }

    private static SizeSpec size(Map<String, Object> c, String key, String where) {
        return switch (c.get(key)) {
            case null -> null;
            case Long l -> SizeSpec.count((int) (long) l);
            case Double d -> SizeSpec.fraction(d);
            default -> throw new GoldenFormatException(where + "." + key + " must be null, an integer or a float, "
                    + "got " + c.get(key));
        };
    }

    private static String text(SizeSpec s) {
        return s == null ? "None" : s.text();
    }

    private static void compareSizes(Verdict v, Map<String, Object> c, String where, SplitPlan plan) {
        int[] expected = Fields.ints(c, "fold_sizes", where + ".fold_sizes");
        int[] actual = plan.splits().stream().mapToInt(s -> s.test().length).toArray();
        v.compare("fold_sizes", toDouble(expected), toDouble(actual), Tolerance.EXACT);
    }

    private static void compareFolds(Verdict v, Map<String, Object> c, String where, SplitPlan plan) {
        List<Map<String, Object>> folds = Fields.objects(c, "folds", where + ".folds");
        if (folds.size() != plan.size()) {
            v.fail("folds expected=" + folds.size() + " actual=" + plan.size());
            return;
        }
        for (int f = 0; f < folds.size(); f++) {
            Split s = plan.get(f);
            String w = where + ".folds[" + f + "]";
            v.compare("fold" + f + ".train", toDouble(Fields.ints(folds.get(f), "train", w)), toDouble(s.train()),
                    Tolerance.EXACT);
            v.compare("fold" + f + ".test", toDouble(Fields.ints(folds.get(f), "test", w)), toDouble(s.test()),
                    Tolerance.EXACT);
        }
    }

    private static void compareClassCounts(Verdict v, String label, Map<String, Object> expected, int[] y,
                                           int[] test) {
        Map<String, Long> actual = new TreeMap<>();
        for (String cls : expected.keySet()) {
            actual.put(cls, 0L);
        }
        for (int i : test) {
            actual.merge(Integer.toString(y[i]), 1L, Long::sum);
        }
        if (!new TreeMap<>(expected).equals(actual)) {
            v.fail(label + " expected=" + new TreeMap<>(expected) + " actual=" + actual);
        }
    }

    private static CaseResult check(String id, java.util.function.Consumer<Verdict> body) {
        Verdict v = new Verdict(id);
        try {
            body.accept(v);
        } catch (SplitException e) {
            v.fail("unexpected error: " + e.getMessage());
        }
        return v.result();
    }

    private static CaseResult expectError(String id, Map<String, Object> fact, String where, Supplier<?> call) {
        String type = Fields.string(fact, "exception_type", where + ".exception_type");
        String message = Fields.string(fact, "message", where + ".message");
        Verdict v = new Verdict(id);
        if (!type.equals("ValueError")) {
            v.fail("expected a " + type + ", which nn does not model (only ValueError -> SplitException)");
            return v.result();
        }
        try {
            Object result = call.get();
            v.fail("expected ValueError '" + message + "' but got " + result);
        } catch (SplitException e) {
            if (!e.getMessage().contains(message)) {
                v.fail("message expected to contain '" + message + "' actual='" + e.getMessage() + "'");
            }
        }
        return v.result();
    }

    /** What to do with one entry of a list in a golden file. */
    @FunctionalInterface
    private interface EntryAction {
        void accept(Map<String, Object> entry, String where, int index);
    }

    /** Runs the action on each entry of the top-level list {@code key} (none when absent), located for messages. */
    private static void forEachEntry(GoldenFile file, String key, EntryAction action) {
        List<Map<String, Object>> entries = cases(file, key);
        for (int i = 0; i < entries.size(); i++) {
            action.accept(entries.get(i), file.where(key + "[" + i + "]"), i);
        }
    }

    /** @return the matched {@code call} of an error fact, which must be a {@code shape} call this checker replays */
    private static Matcher replayableCall(Map<String, Object> fact, String where, Pattern pattern, String shape) {
        String call = Fields.string(fact, "call", where + ".call");
        Matcher m = pattern.matcher(call);
        if (!m.matches()) {
            throw new GoldenFormatException(where + ".call '" + call + "' is not a " + shape
                    + " call this checker can replay");
        }
        return m;
    }

    private static List<Map<String, Object>> cases(GoldenFile file, String key) {
        return file.root().containsKey(key) ? Fields.objects(file.root(), key, file.where(key)) : List.of();
    }

    private static double[] toDouble(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
