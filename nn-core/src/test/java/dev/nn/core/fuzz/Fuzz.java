package dev.nn.core.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a property — a check that must hold for every input — on inputs drawn at random (docs/fuzzing.md). Try
 * {@code i} draws its input from {@code new SplittableRandom(seed + i)}, so every try can be rerun alone from its own
 * seed. {@code -Dnn.fuzz.tries} sets the tries of every property, {@code -Dnn.fuzz.seed} the base seed; without it
 * the seed is fixed, so that every run, in CI and here, tries the same inputs.
 */
public final class Fuzz {
    /** The base seed when {@code nn.fuzz.seed} is not set: any fixed number, for reproducible runs. */
    public static final long DEFAULT_SEED = 20_261_205L;
    /** How much of an input a failure message shows; the seed gives all of it. */
    private static final int SHOWN = 64;

    private final int tries;
    private final long seed;

    Fuzz(int tries, long seed) {
        if (tries < 1) {
            throw new IllegalArgumentException("nn.fuzz.tries must be at least 1, got " + tries);
        }
        this.tries = tries;
        this.seed = seed;
    }

    /** {@return a runner making 300 tries per property, or those of {@code -Dnn.fuzz.tries}} */
    public static Fuzz runner() {
        return runner(300);
    }

    /**
     * {@return a runner making the given number of tries per property, or those of {@code -Dnn.fuzz.tries}}
     *
     * @param defaultTries the tries when {@code nn.fuzz.tries} is not set
     */
    public static Fuzz runner(int defaultTries) {
        return new Fuzz(Integer.getInteger("nn.fuzz.tries", defaultTries),
                Long.getLong("nn.fuzz.seed", DEFAULT_SEED));
    }

    /**
     * Checks the property on each try's input; the first failure fails with the seed, the try and the input.
     *
     * @param input draws one input
     * @param property throws (an assertion failure or anything else) when the input breaks it
     * @param <T> the input type
     */
    public <T> void forAll(Function<SplittableRandom, T> input, Consumer<T> property) {
        String caller = caller();
        for (int i = 0; i < tries; i++) {
            T value = input.apply(new SplittableRandom(seed + i));
            try {
                property.accept(value);
            } catch (Throwable broken) {
                throw new AssertionError(failure(caller, i, describe(value)), broken);
            }
        }
    }

    /**
     * Checks the property on each try's pair of inputs, both drawn from the try's random source.
     *
     * @param first draws the first input
     * @param second draws the second input
     * @param property throws when the inputs break it
     * @param <A> the first input's type
     * @param <B> the second input's type
     */
    public <A, B> void forAll(Function<SplittableRandom, A> first, Function<SplittableRandom, B> second,
                              BiConsumer<A, B> property) {
        forAll(r -> List.of(first.apply(r), second.apply(r)), pair -> {
            @SuppressWarnings("unchecked") A a = (A) pair.get(0);
            @SuppressWarnings("unchecked") B b = (B) pair.get(1);
            property.accept(a, b);
        });
    }

    /**
     * {@return a size from 0 to max, a small one (up to 8) a quarter of the time: empty and tiny inputs are where
     * edge cases live, and uniform sizes would rarely draw them}
     *
     * @param r the try's random source
     * @param max the largest size
     */
    public static int size(SplittableRandom r, int max) {
        return r.nextInt(4) == 0 ? r.nextInt(Math.min(max, 8) + 1) : r.nextInt(max + 1);
    }

    /**
     * {@return one of the values, each as likely}
     *
     * @param r the try's random source
     * @param values the values to pick from
     * @param <T> their type
     */
    public static <T> T oneOf(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /**
     * {@return a float of any bits that are not NaN or infinite}
     *
     * @param r the try's random source
     */
    public static float finiteFloat(SplittableRandom r) {
        float f;
        do {
            f = Float.intBitsToFloat(r.nextInt());
        } while (!Float.isFinite(f));
        return f;
    }

    /**
     * {@return a double of any bits that are not NaN or infinite}
     *
     * @param r the try's random source
     */
    public static double finiteDouble(SplittableRandom r) {
        double d;
        do {
            d = Double.longBitsToDouble(r.nextLong());
        } while (!Double.isFinite(d));
        return d;
    }

    private String failure(String caller, int i, String input) {
        return caller + " failed on try " + (i + 1) + " of " + tries + ", seed " + (seed + i) + " (nn.fuzz.seed "
                + seed + " + " + i + ")\n  input: " + input + "\n  rerun this input alone: -Dtest='"
                + caller.replace('.', '#') + "' -Dnn.fuzz.seed=" + (seed + i) + " -Dnn.fuzz.tries=1";
    }

    /** The test method that called {@code forAll}, as {@code Class.method}. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Fuzz.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                        + f.getMethodName())
                .orElse("a property"));
    }

    /** A short, printable form of an input: bytes in hex, text escaped, arrays and collections element-wise. */
    static String describe(Object value) {
        return switch (value) {
            case byte[] bytes -> bytes.length + " bytes " + hex(bytes) + more(bytes.length);
            case String text -> text.length() + " chars \"" + escape(text) + "\"" + more(text.length());
            case float[] floats -> shorten(Arrays.toString(floats));
            case int[] ints -> shorten(Arrays.toString(ints));
            case List<?> list -> shorten(list.stream().map(Fuzz::describe).collect(Collectors.joining(", ", "[", "]")));
            case Map<?, ?> map -> shorten(map.entrySet().stream()
                    .map(e -> describe(e.getKey()) + "=" + describe(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}")));
            case null -> "null";
            default -> shorten(String.valueOf(value));
        };
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, SHOWN); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }

    /** Quotes, backslashes and every character outside printable ASCII as Java escapes. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), SHOWN); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static String more(int length) {
        return length > SHOWN ? " … (" + (length - SHOWN) + " more)" : "";
    }

    private static String shorten(String text) {
        return text.length() > 4 * SHOWN ? text.substring(0, 4 * SHOWN) + " …" : text;
    }
}
