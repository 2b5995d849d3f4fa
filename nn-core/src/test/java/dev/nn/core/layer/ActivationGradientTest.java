package dev.nn.core.layer;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite-difference checks of the pointwise activations and of Linear. */
class ActivationGradientTest {
    private final Backend b = Backends.select("scalar");

    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of("ReLU", (Supplier<Layer>) ReLU::new),
                Arguments.of("LeakyReLU(0.01)", (Supplier<Layer>) LeakyReLU::new),
                Arguments.of("LeakyReLU(0.2)", (Supplier<Layer>) () -> new LeakyReLU(0.2f)),
                Arguments.of("Tanh", (Supplier<Layer>) Tanh::new),
                Arguments.of("Sigmoid", (Supplier<Layer>) Sigmoid::new),
                Arguments.of("GELU", (Supplier<Layer>) GELU::new),
                Arguments.of("SELU", (Supplier<Layer>) SELU::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationGradientsMatchFiniteDifferences(String name, Supplier<Layer> factory) {
        var random = new SplittableRandom(name.hashCode());
        // |x| >= 0.05 with a step of 1e-3: the kink of ReLU/LeakyReLU/SELU at 0 is never straddled
        Tensor x = RandomTensors.awayFromZero(b, random, 0.05, 3, 4, 5);
        b.scale(x, x, 2.5f);
        GradientCheck.layer(name, factory.get(), x, Mode.TRAIN, random, 1e-3).assertWithin(5e-4, 2e-3);
    }

    @Test
    void linearGradientsMatchFiniteDifferences() {
        var random = new SplittableRandom(21);
        Linear fc = new Linear(b, 7, 5, random);
        GradientCheck.layer(fc.toString(), fc, RandomTensors.gaussian(b, random, 4, 7), Mode.TRAIN, random, 1e-2)
                .assertWithin(5e-4, 1e-3);
        Linear noBias = new Linear(b, 3, 6, false, random);
        GradientCheck.layer(noBias.toString(), noBias, RandomTensors.gaussian(b, random, 2, 3), Mode.TRAIN, random,
                1e-2).assertWithin(5e-4, 1e-3);
    }

    @Test
    void smallCnnGradientsMatchFiniteDifferences() {
        var random = new SplittableRandom(22);
        Sequential cnn = new Sequential(new Conv2d(b, 1, 3, 3, 1, 1, random), new Tanh(), new AvgPool2d(2),
                new Conv2d(b, 3, 4, 3, 1, 1, random), new Sigmoid(), new GlobalAvgPool2d(), new Linear(b, 4, 2, random));
        GradientCheck.layer("Conv-Tanh-AvgPool-Conv-Sigmoid-GAP-Linear", cnn,
                RandomTensors.gaussian(b, random, 2, 1, 6, 6), Mode.TRAIN, random, 1e-2).assertWithin(5e-4, 2e-3);
    }
}
