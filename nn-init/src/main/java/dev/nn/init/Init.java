package dev.nn.init;

import dev.nn.api.init.Initializer;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.init.internal.Described;
import dev.nn.init.internal.Sampling;
import dev.nn.init.internal.Orthogonal;
import dev.nn.init.internal.Sparse;
import dev.nn.init.internal.Structured;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * The initializers as typed Java factories, with PyTorch's defaults ({@code torch.nn.init.*_}) and Keras'
 * variance-scaling family. The same initializers are found by name through {@code Initializers.create}. Every
 * argument is checked when the initializer is made; the tensor's rank when it is applied. Every random draw comes
 * from the generator passed to {@link Initializer#initialize}.
 */
public final class Init {
    /** Standard deviation of N(0, 1) truncated to [-2, 2]; Keras divides by it so truncation keeps the variance. */
    public static final double TRUNCATED_STD_AT_2 = 0.87962566103423978;

    private Init() {
    }

    /** {@return fills with 0} */
    public static Initializer zeros() {
        return constant("zeros", 0);
    }

    /** {@return fills with 1} */
    public static Initializer ones() {
        return constant("ones", 1);
    }

    /**
     * {@return fills with {@code value}}
     *
     * @param value the value
     */
    public static Initializer constant(double value) {
        return constant("constant(val=" + value + ")", value);
    }

    /**
     * {@return U(a, b), as {@code uniform_(a=0, b=1)}}
     *
     * @param a lower bound
     * @param b upper bound, >= a
     */
    public static Initializer uniform(double a, double b) {
        requireFinite("uniform", "a", a);
        requireFinite("uniform", "b", b);
        if (a > b) {
            throw new InitException("uniform needs a <= b, got a=" + a + ", b=" + b + "; swap the bounds");
        }
        return fill("uniform(a=" + a + ", b=" + b + ")", shape -> (b - a) / Math.sqrt(12),
                (shape, r) -> Sampling.uniform(shape.size(), a, b, r));
    }

    /**
     * {@return N(mean, std^2), as {@code normal_(mean=0, std=1)}}
     *
     * @param mean the mean
     * @param std the standard deviation, >= 0
     */
    public static Initializer normal(double mean, double std) {
        requireFinite("normal", "mean", mean);
        requireNonNegative("normal", "std", std);
        return fill("normal(mean=" + mean + ", std=" + std + ")", shape -> std,
                (shape, r) -> Sampling.normal(shape.size(), mean, std, r));
    }

    /**
     * PyTorch's {@code trunc_normal_}: N(mean, std^2) conditioned on the <em>absolute</em> interval [a, b] (not
     * multiples of std). PyTorch's defaults are {@code mean=0, std=1, a=-2, b=2}.
     *
     * @param mean the mean of the untruncated normal
     * @param std its standard deviation, > 0
     * @param a lower cut, may be -infinity
     * @param b upper cut, > a, may be +infinity
     * @return the initializer
     */
    public static Initializer truncNormal(double mean, double std, double a, double b) {
        requireFinite("trunc_normal", "mean", mean);
        requireFinite("trunc_normal", "std", std);
        if (!(std > 0)) {
            throw new InitException("trunc_normal needs std > 0, got " + std);
        }
        if (Double.isNaN(a) || Double.isNaN(b) || !(a < b)) {
            throw new InitException("trunc_normal needs a < b (absolute cut points, not multiples of std), got a=" + a
                    + ", b=" + b);
        }
        return fill("trunc_normal(mean=" + mean + ", std=" + std + ", a=" + a + ", b=" + b + ")",
                shape -> Sampling.truncatedNormalStd(mean, std, a, b),
                (shape, r) -> Sampling.truncatedNormal(shape.size(), mean, std, a, b, r));
    }

    /**
     * {@return Glorot uniform: U(-bound, bound), {@code bound = gain * sqrt(6 / (fan_in + fan_out))}}
     *
     * @param gain scale, usually {@code Gain.of(nonlinearity)}; PyTorch's default is 1
     */
    public static Initializer xavierUniform(double gain) {
        requireFinite("xavier_uniform", "gain", gain);
        // U(-bound, bound) has std bound / sqrt(3) = gain * sqrt(2 / (fan_in + fan_out)), Xavier normal's std
        return fill("xavier_uniform(gain=" + gain + ")", shape -> Scales.xavierStd(Fans.of(shape), gain),
                (shape, r) -> {
            double bound = Scales.xavierBound(Fans.of(shape), gain);
            return Sampling.uniform(shape.size(), -bound, bound, r);
        });
    }

    /**
     * {@return Glorot normal: N(0, std^2), {@code std = gain * sqrt(2 / (fan_in + fan_out))}}
     *
     * @param gain scale; PyTorch's default is 1
     */
    public static Initializer xavierNormal(double gain) {
        requireFinite("xavier_normal", "gain", gain);
        return fill("xavier_normal(gain=" + gain + ")", shape -> Scales.xavierStd(Fans.of(shape), gain),
                (shape, r) -> Sampling.normal(shape.size(), 0, Scales.xavierStd(Fans.of(shape), gain), r));
    }

    /**
     * He uniform. PyTorch's defaults: {@code a=0, mode=fan_in, nonlinearity=leaky_relu} (gain sqrt(2));
     * {@code nn.Linear} and {@code nn.Conv*} use {@code a=sqrt(5)}, i.e. bound {@code 1/sqrt(fan_in)}.
     *
     * @param a negative slope for leaky_relu (ignored by relu)
     * @param mode fan_in (forward variance) or fan_out (backward variance)
     * @param nonlinearity the function after the layer, e.g. {@code relu}
     * @return U(-bound, bound), {@code bound = sqrt(3) * gain / sqrt(fan)}
     */
    public static Initializer kaimingUniform(double a, FanMode mode, String nonlinearity) {
        double gain = kaimingGain(a, mode, nonlinearity);
        return fill(kaimingText("kaiming_uniform", a, mode, nonlinearity),
                shape -> Scales.kaimingStd(Fans.of(shape), mode, gain), (shape, r) -> {
            double bound = Scales.kaimingBound(Fans.of(shape), mode, gain);
            return Sampling.uniform(shape.size(), -bound, bound, r);
        });
    }

    /**
     * He normal, with PyTorch's defaults as for {@link #kaimingUniform}.
     *
     * @param a negative slope for leaky_relu (ignored by relu)
     * @param mode fan_in or fan_out
     * @param nonlinearity the function after the layer
     * @return N(0, std^2), {@code std = gain / sqrt(fan)}
     */
    public static Initializer kaimingNormal(double a, FanMode mode, String nonlinearity) {
        double gain = kaimingGain(a, mode, nonlinearity);
        return fill(kaimingText("kaiming_normal", a, mode, nonlinearity),
                shape -> Scales.kaimingStd(Fans.of(shape), mode, gain), (shape, r) ->
                Sampling.normal(shape.size(), 0, Scales.kaimingStd(Fans.of(shape), mode, gain), r));
    }

    /** {@return LeCun uniform as Keras defines it: variance scaling (1, fan_in, uniform)} */
    public static Initializer lecunUniform() {
        return renamed("lecun_uniform", scaled(1, FanMode.FAN_IN, ScalingDistribution.UNIFORM));
    }

    /** {@return LeCun normal as Keras defines it: variance scaling (1, fan_in, truncated normal)} */
    public static Initializer lecunNormal() {
        return renamed("lecun_normal", scaled(1, FanMode.FAN_IN, ScalingDistribution.TRUNCATED_NORMAL));
    }

    /**
     * Keras' {@code VarianceScaling}: variance {@code scale / n} with {@code n = max(1, fan)}. Fans follow nn's
     * PyTorch weight layout {@code (out, in, *kernel)}; as in Keras, a rank-1 shape has {@code fan_in = fan_out =}
     * its length and a scalar has fans 1. Keras' named initializers are special cases: glorot_uniform
     * {@code (1, fan_avg, uniform)}, glorot_normal {@code (1, fan_avg, truncated_normal)}, he_uniform
     * {@code (2, fan_in, uniform)}, he_normal {@code (2, fan_in, truncated_normal)}, lecun_* {@code (1, fan_in, ...)}.
     *
     * @param scale > 0
     * @param mode which fan
     * @param distribution uniform, normal or truncated normal (at 2 std, std divided by 0.8796...)
     * @return the initializer
     */
    public static Initializer varianceScaling(double scale, FanMode mode, ScalingDistribution distribution) {
        return scaled(scale, mode, distribution);
    }

    private static Described scaled(double scale, FanMode mode, ScalingDistribution distribution) {
        requireFinite("variance_scaling", "scale", scale);
        if (!(scale > 0)) {
            throw new InitException("variance_scaling needs scale > 0, got " + scale);
        }
        String text = "variance_scaling(scale=" + scale + ", mode=" + mode.id() + ", distribution="
                + distribution.id() + ")";
        // every distribution has variance scale / n: the truncated normal's std is widened to make up for the cut
        return fill(text, shape -> Math.sqrt(scale / Math.max(1.0, kerasFans(shape).fan(mode))), (shape, r) -> {
            double variance = scale / Math.max(1.0, kerasFans(shape).fan(mode));
            return switch (distribution) {
                case UNIFORM -> {
                    double limit = Math.sqrt(3 * variance);
                    yield Sampling.uniform(shape.size(), -limit, limit, r);
                }
                case NORMAL -> Sampling.normal(shape.size(), 0, Math.sqrt(variance), r);
                case TRUNCATED_NORMAL -> {
                    double std = Math.sqrt(variance) / TRUNCATED_STD_AT_2;
                    yield Sampling.truncatedNormal(shape.size(), 0, std, -2 * std, 2 * std, r);
                }
            };
        });
    }

    /**
     * {@return a (semi-)orthogonal matrix over the flattened trailing dimensions, times gain}
     *
     * @param gain scale; PyTorch's default is 1
     */
    public static Initializer orthogonal(double gain) {
        requireFinite("orthogonal", "gain", gain);
        // min(rows, cols) orthonormal vectors of unit norm: mean square gain^2 / max(rows, cols)
        return fill("orthogonal(gain=" + gain + ")", shape -> shape.rank() < 2 ? Double.NaN
                : gain / Math.sqrt(Math.max(shape.dim(0), shape.size() / shape.dim(0))),
                (shape, r) -> Orthogonal.sample(shape, gain, r));
    }

    /** {@return the identity on a 2-D weight, as {@code eye_}} */
    public static Initializer eye() {
        return fill("eye", shape -> shape.rank() != 2 ? Double.NaN
                : onesStd(Math.min(shape.dim(0), shape.dim(1)), shape.size()), (shape, r) -> Structured.eye(shape));
    }

    /**
     * {@return the Dirac delta on a 3-5-D convolution weight, as {@code dirac_}: the convolution passes its input
     * channels through}
     *
     * @param groups the convolution's groups, >= 1 (PyTorch's default 1)
     */
    public static Initializer dirac(int groups) {
        if (groups < 1) {
            throw new InitException("dirac needs groups >= 1, got " + groups);
        }
        return fill("dirac(groups=" + groups + ")", shape -> shape.rank() < 3 || shape.rank() > 5 ? Double.NaN
                : onesStd(groups * Math.min(shape.dim(0) / groups, shape.dim(1)), shape.size()),
                (shape, r) -> Structured.dirac(shape, groups));
    }

    /**
     * {@return PyTorch's {@code sparse_} on a 2-D weight}
     *
     * @param sparsity fraction of each column set to zero, in [0, 1]
     * @param std standard deviation of the rest, >= 0 (PyTorch's default 0.01)
     */
    public static Initializer sparse(double sparsity, double std) {
        if (!(sparsity >= 0 && sparsity <= 1)) {
            throw new InitException("sparse needs 0 <= sparsity <= 1 (the fraction of zeros per column), got "
                    + sparsity);
        }
        requireNonNegative("sparse", "std", std);
        // N(0, std^2) values of which ceil(sparsity * rows) per column are zeroed
        return fill("sparse(sparsity=" + sparsity + ", std=" + std + ")", shape -> shape.rank() != 2 ? Double.NaN
                : std * Math.sqrt((shape.dim(0) - Math.ceil(sparsity * shape.dim(0))) / shape.dim(0)),
                (shape, r) -> Sparse.sample(shape, sparsity, std, r));
    }

    /**
     * The standard deviation of the values an initializer writes into a tensor of a shape: what a report compares
     * the measured std with. Uniform bounds give {@code (b - a) / sqrt(12)} (Xavier and Kaiming uniform thus
     * {@code bound / sqrt(3)}), Xavier uses {@code fan_in + fan_out}, Kaiming its fan mode and gain, variance
     * scaling {@code sqrt(scale / n)} for every distribution, a truncated normal the std of the truncated
     * distribution, orthogonal {@code gain / sqrt(max(rows, cols))}, constants 0, eye and dirac the spread of their
     * ones and zeros, sparse the normal's std thinned by its zeros.
     *
     * @param initializer an initializer made by this class or found by name ({@code Initializers.create})
     * @param shape the tensor's shape
     * @return the std; empty for an initializer of another origin, or one that cannot fill that shape
     */
    public static OptionalDouble expectedStd(Initializer initializer, Shape shape) {
        if (!(initializer instanceof Described described) || shape.size() == 0) {
            return OptionalDouble.empty();
        }
        try {
            double std = described.std().applyAsDouble(shape);
            return Double.isFinite(std) ? OptionalDouble.of(std) : OptionalDouble.empty();
        } catch (InitException cannotFill) {
            return OptionalDouble.empty();
        }
    }

    /** Fills a tensor of a given shape; the shape is checked here, the values written by {@link #fill}. */
    @FunctionalInterface
    private interface Fill {
        float[] values(Shape shape, RandomGenerator random);
    }

    private static Described fill(String description, ToDoubleFunction<Shape> std, Fill fill) {
        return new Described(description, (Tensor tensor, RandomGenerator random) -> {
            if (tensor.size() == 0) {
                return;  // like PyTorch: initializing a zero-element tensor is a no-op
            }
            tensor.backend().write(tensor, fill.values(tensor.shape(), random));
        }, std);
    }

    /** Population std of {@code ones} values 1 among {@code size} values, the rest 0: eye, dirac. */
    private static double onesStd(int ones, int size) {
        double p = (double) ones / size;
        return Math.sqrt(p * (1 - p));
    }

    private static Initializer constant(String description, double value) {
        float v = (float) value;
        return fill(description, shape -> 0, (shape, r) -> {
            float[] out = new float[shape.size()];
            java.util.Arrays.fill(out, v);
            return out;
        });
    }

    private static Initializer renamed(String description, Described init) {
        return new Described(description, init, init.std());
    }

    private static double kaimingGain(double a, FanMode mode, String nonlinearity) {
        requireFinite("kaiming", "a", a);
        if (mode == FanMode.FAN_AVG) {
            throw new InitException("Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']");
        }
        return Gain.of(nonlinearity, a);
    }

    private static String kaimingText(String name, double a, FanMode mode, String nonlinearity) {
        return name + "(a=" + a + ", mode=" + mode.id() + ", nonlinearity=" + nonlinearity + ")";
    }

    private static Fans kerasFans(Shape shape) {
        return switch (shape.rank()) {
            case 0 -> new Fans(1, 1, 1);
            case 1 -> new Fans(shape.dim(0), shape.dim(0), 1);
            default -> Fans.of(shape);
        };
    }

    private static void requireFinite(String init, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new InitException(init + " needs a finite " + name + ", got " + value);
        }
    }

    private static void requireNonNegative(String init, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InitException(String.format(Locale.ROOT, "%s needs %s >= 0 (and finite), got %s", init, name,
                    value));
        }
    }
}
