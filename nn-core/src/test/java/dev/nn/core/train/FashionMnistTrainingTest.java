package dev.nn.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.IdxReader;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An MLP on real Fashion-MNIST, read from the IDX files, when they are installed (skipped with the reason
 * otherwise). To stay fast on the scalar backend it trains on the first 4,000 training images for 2 epochs and
 * validates on the first 1,000 test images; that is enough for about 78 % (chance is 10 %).
 */
class FashionMnistTrainingTest {
    static final Path DIR = Path.of(System.getProperty("nn.fashion.mnist.dir", "/usr/share/datasets/fashion-mnist"));

    @Test
    void mlpLearnsFashionMnist() {
        Path[] files = {DIR.resolve("train-images-idx3-ubyte.gz"), DIR.resolve("train-labels-idx1-ubyte.gz"),
            DIR.resolve("t10k-images-idx3-ubyte.gz"), DIR.resolve("t10k-labels-idx1-ubyte.gz")};
        for (Path f : files) {
            assumeTrue(Files.isReadable(f), "Fashion-MNIST file " + f + " is not installed (set "
                    + "-Dnn.fashion.mnist.dir to the directory holding the four *-ubyte.gz files)");
        }
        Dataset train = IdxReader.readImages(files[0], files[1], List.of()).flatten()
                .subset(IntStream.range(0, 4000).toArray());
        Dataset test = IdxReader.readImages(files[2], files[3], List.of()).flatten()
                .subset(IntStream.range(0, 1000).toArray());
        assertEquals(784, train.sampleSize());
        Backend b = Backends.select("scalar");
        SplittableRandom r = new SplittableRandom(0);
        Sequential model = new Sequential(new Linear(b, 784, 64, r), new ReLU(), new Linear(b, 64, 10, r));
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Adam(List.copyOf(model.namedParameters().values()))).setEpochs(2).optBatchSize(32)
                .optSeed(0).addCallback(new NonFiniteGuard()).addCallback(new ProgressLogger(System.out::println, 0))
                .build().fit(train, test);
        EpochRecord last = h.last().orElseThrow();
        assertTrue(last.valAccuracy() >= 0.75, "Fashion-MNIST validation accuracy " + last.valAccuracy());
        assertTrue(last.valLoss() < h.epochs().getFirst().trainLoss(), h.toCsv());
    }
}
