package dev.nn.cli.experiment;

import java.util.Map;

/** What an experiment measured, in the three forms its report folder holds. */
interface ExperimentResult {
    /** @return the final numbers as readable tables, with a line on what they show */
    String summary();

    /** @return the numbers as JSON-ready maps, lists and finite numbers */
    Map<String, Object> json();

    /** @return PNG images by file name, e.g. {@code activation-std.png} */
    Map<String, byte[]> charts();
}
