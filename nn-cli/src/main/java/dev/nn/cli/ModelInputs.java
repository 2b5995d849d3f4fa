package dev.nn.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.cli.data.DataSource;
import dev.nn.cli.data.PngImages;
import dev.nn.core.data.CsvReader;
import dev.nn.core.data.DataException;
import dev.nn.core.data.Dataset;
import dev.nn.core.inject.BackendFactory;
import dev.nn.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The options {@code nn predict} and {@code nn evaluate} share: the model, where the samples come from, the
 * backend. The samples are raw, as the training data was; the model standardizes them itself.
 */
final class ModelInputs {
    // from the application's wiring, looked up when the command runs (after --plugin-path)
    @Inject
    private Provider<BackendFactory> backends;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR|FILE",
            description = "an nn train run folder (its model.safetensors) or a model file")
    Path model;

    @Option(names = "--data", paramLabel = "DIR",
            description = "a folder of IDX files: its t10k- (test) pair when it has one, else its train- pair")
    Path data;

    @Option(names = "--csv", paramLabel = "FILE", description = "a CSV file with a header row, feature columns in the "
            + "order of the training CSV")
    Path csv;

    @Option(names = "--label", paramLabel = "COLUMN", description = "the CSV's label column (class names or indices)")
    String label;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend (default: nn.backend, "
            + "NN_BACKEND, else the highest priority available)")
    String backend;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "samples per forward pass; use the training run's for its exact loss (default: ${DEFAULT-VALUE})")
    int batch;

    /** The samples read from one source, and where they came from. */
    record Samples(Dataset data, String description, List<String> ids) {
    }

    Backend backend() {
        return backends.get().open(backend, BackendConfig.defaults());
    }

    Model load(Backend on) {
        if (batch < 1) {
            throw new NnException("--batch must be >= 1, got " + batch);
        }
        return Model.load(model, on);
    }

    /**
     * @param images a folder of PNG images, or null
     * @param labelsNeeded whether the samples must carry labels (evaluate) or may not (predict)
     * @return the samples of the one source given
     */
    Samples read(Path images, boolean labelsNeeded) {
        long sources = Stream.of(data, csv, images).filter(Objects::nonNull).count();
        if (sources != 1) {
            throw new NnException((sources == 0 ? "No data given" : "More than one data source given")
                    + "; pass exactly one of --data DIR, --csv FILE" + (labelsNeeded ? "" : ", --images DIR"));
        }
        if (label != null && csv == null) {
            throw new NnException("--label names a column of a --csv file; add --csv FILE, or drop --label");
        }
        if (data != null) {
            DataSource source = DataSource.idxFolder(data);
            Dataset d = source.test().orElse(source.train());
            String part = source.test().isPresent() ? "t10k (test) images" : "images";
            return new Samples(d, "IDX " + part + " in " + data + " (" + d.size() + ")", indices(d.size()));
        }
        if (csv != null) {
            if (label != null) {
                Dataset d = DataSource.csv(csv, label, DataSource.Reading.ALL).train();
                return new Samples(d, "CSV " + csv + " (" + d.size() + " rows)", indices(d.size()));
            }
            if (labelsNeeded) {
                throw new NnException("--csv needs --label COLUMN naming the label column to evaluate against");
            }
            Dataset d;
            try {
                d = CsvReader.builder().setNoLabelColumn().build().read(csv);
            } catch (DataException e) {
                throw new NnException(e.getMessage() + ". Without --label every column is a feature: if that column "
                        + "holds the labels, pass --label COLUMN to leave it out", e);
            }
            return new Samples(d, "CSV " + csv + " (" + d.size() + " rows)", indices(d.size()));
        }
        PngImages.Folder folder = PngImages.read(images);
        return new Samples(folder.data(), "PNG images in " + images + " (" + folder.names().size() + ")",
                folder.names());
    }

    private static List<String> indices(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }
}
