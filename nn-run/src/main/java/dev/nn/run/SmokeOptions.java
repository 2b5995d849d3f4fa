package dev.nn.run;

/**
 * The options of {@code nn-run}.
 *
 * @param init the weight initializer's name
 * @param norm the normalization layer's name after the hidden layer, or null for none
 * @param steps how many SGD steps to take
 */
record SmokeOptions(String init, String norm, int steps) {
    static final String USAGE = "usage: nn-run [--init NAME] [--norm NAME] [--steps N]"
            + "  (defaults: --init kaiming_normal, no normalization, --steps 20)";

    static SmokeOptions parse(String[] args) {
        String init = "kaiming_normal";
        String norm = null;
        int steps = 20;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.equals("--init") && !option.equals("--norm") && !option.equals("--steps")) {
                throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--init" -> init = value;
                case "--norm" -> norm = value;
                default -> steps = steps(value);
            }
        }
        return new SmokeOptions(init, norm, steps);
    }

    private static int steps(String value) {
        try {
            int steps = Integer.parseInt(value);
            if (steps >= 2) {
                return steps;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("--steps must be a whole number of at least 2 (a first and a later loss"
                + " to compare), got '" + value + "'");
    }
}
