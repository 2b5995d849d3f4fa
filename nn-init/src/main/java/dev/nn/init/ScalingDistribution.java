package dev.nn.init;

import java.util.Locale;

/** The distribution of Keras' {@code VarianceScaling}. */
public enum ScalingDistribution {
    /** U(-limit, limit) with {@code limit = sqrt(3 * scale / n)}. */
    UNIFORM,
    /** N(0, scale / n), not truncated (Keras' {@code untruncated_normal}). */
    NORMAL,
    /**
     * N(0, s^2) cut at 2 s with {@code s = sqrt(scale / n) / 0.87962566103423978}, so the truncated values again have
     * variance {@code scale / n} (Keras' default).
     */
    TRUNCATED_NORMAL;

    /** {@return the parameter spelling: {@code uniform}, {@code normal}, {@code truncated_normal}} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the distribution}
     *
     * @param name {@code uniform}, {@code normal} (or Keras' {@code untruncated_normal}) or {@code truncated_normal}
     * @throws InitException for anything else
     */
    public static ScalingDistribution parse(String name) {
        String n = name == null ? "None" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "uniform" -> UNIFORM;
            case "normal", "untruncated_normal" -> NORMAL;
            case "truncated_normal" -> TRUNCATED_NORMAL;
            default -> throw new InitException("Invalid distribution '" + name + "' for variance_scaling; use one of"
                    + " uniform, normal, truncated_normal");
        };
    }
}
