package dev.nn.cli;

import dev.nn.api.backend.Backend;
import dev.nn.core.state.AtomicFiles;
import dev.nn.model.Model;
import dev.nn.model.Prediction;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn predict}: a trained model's class and class probabilities for every sample, as CSV: {@code id},
 * {@code predicted} (the class name), then one probability column per class.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the classes of new raw samples with a trained model; writes CSV (id, predicted class, "
                + "one probability per class).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelInputs inputs;

    @Option(names = "--images", paramLabel = "DIR", description = "a folder of PNG images (8-bit grayscale or "
            + "RGB), each of the training images' size and channels; ids are the file names")
    private Path images;

    @Option(names = "--out", paramLabel = "FILE", description = "write the CSV to this file (default: standard output)")
    private Path out;

    @Override
    public Integer call() {
        try (Backend backend = inputs.backend()) {
            Model model = inputs.load(backend);
            ModelInputs.Samples samples = inputs.read(images, false);
            List<Prediction> predictions = model.predict(samples.data(), inputs.batch);
            String csv = csv(model.classNames(), samples.ids(), predictions);
            if (out == null) {
                spec.commandLine().getOut().print(csv);
            } else {
                AtomicFiles.writeString(out, csv);
                spec.commandLine().getOut().println("predicted " + predictions.size() + " samples of "
                        + samples.description() + " with " + model.spec() + ": " + out);
            }
        }
        return 0;
    }

    /** The predictions as CSV with a header row; names with commas, quotes or line breaks are quoted. */
    static String csv(List<String> classNames, List<String> ids, List<Prediction> predictions) {
        StringBuilder sb = new StringBuilder("id,predicted");
        classNames.forEach(c -> sb.append(',').append(cell(c)));
        sb.append('\n');
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            sb.append(cell(ids.get(i))).append(',').append(cell(p.className()));
            for (float v : p.probabilities()) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
