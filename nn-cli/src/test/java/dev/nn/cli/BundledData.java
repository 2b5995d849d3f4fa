package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Fashion-MNIST test set bundled with the CLI, copied out as an IDX folder for runs that read {@code --data}. */
final class BundledData {
    private BundledData() {
    }

    /**
     * Copies the bundled {@code t10k} image and label files into a folder.
     *
     * @param dir the folder, created when missing
     * @return the folder
     */
    static Path copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            try (InputStream in = Main.class.getResourceAsStream("/dev/nn/cli/data/" + name)) {
                assertNotNull(in, name + " is bundled");
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }
}
