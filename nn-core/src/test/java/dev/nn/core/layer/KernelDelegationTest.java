package dev.nn.core.layer;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Layers never compute themselves: they hand the input's backend the geometry PyTorch defines and their tensors.
 * A mocked backend records the calls.
 */
class KernelDelegationTest {
    private Backend backend;

    @BeforeEach
    void mockBackend() {
        backend = mock(Backend.class);
        when(backend.zeros(any())).thenAnswer(inv -> {
            Shape s = inv.getArgument(0);
            return new Tensor(s, backend, new HostStorage(new float[s.size()]));
        });
        when(backend.tensor(any(), any())).thenAnswer(inv -> {
            Shape s = inv.getArgument(0);
            return new Tensor(s, backend, new HostStorage(((float[]) inv.getArgument(1)).clone()));
        });
    }

    private Tensor input(int... dims) {
        return new Tensor(Shape.of(dims), backend, new HostStorage(new float[Shape.of(dims).size()]));
    }

    @Test
    void conv2dCallsTheConvolutionKernelsWithPyTorchsGeometry() {
        Conv2d conv = Conv2d.builder(4, 6, 3, 2).optStride(2, 1).optPadding(1, 0).optDilation(1, 2).optGroups(2)
                .build(backend, new SplittableRandom(1));
        Tensor x = input(2, 4, 7, 9);
        Conv2dGeometry g = new Conv2dGeometry(2, 4, 7, 9, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2);
        Tensor y = conv.forward(x, Mode.TRAIN);
        verify(backend).conv2dForward(eq(g), same(y), same(x), same(conv.weight().value()),
                same(conv.bias().value()));
        Tensor dy = input(2, 6, 4, 7);
        conv.backward(dy);
        verify(backend).conv2dBackward(eq(g), any(), same(conv.weight().grad()), same(conv.bias().grad()), same(dy),
                same(x), same(conv.weight().value()));
    }

    @Test
    void convWithoutBiasPassesNull() {
        Conv2d conv = Conv2d.builder(1, 1, 1).optBias(false).build(backend, new SplittableRandom(1));
        Tensor x = input(1, 1, 2, 2);
        conv.forward(x, Mode.TRAIN);
        verify(backend).conv2dForward(any(), any(), same(x), same(conv.weight().value()), isNull());
    }

    @Test
    void poolsCallThePoolingKernels() {
        Tensor x = input(1, 2, 6, 6);
        Pool2dGeometry g = new Pool2dGeometry(1, 2, 6, 6, 3, 3, 2, 2, 1, 1);
        MaxPool2d max = new MaxPool2d(3, 2, 1);
        max.forward(x, Mode.TRAIN);
        verify(backend).maxPool2dForward(eq(g), any(), same(x));
        Tensor dy = input(1, 2, 3, 3);
        max.backward(dy);
        verify(backend).maxPool2dBackward(eq(g), any(), same(dy), same(x));
        AvgPool2d avg = new AvgPool2d(3, 2, 1);
        avg.forward(x, Mode.TRAIN);
        verify(backend).avgPool2dForward(eq(g), any(), same(x));
        avg.backward(dy);
        verify(backend).avgPool2dBackward(eq(g), any(), same(dy));
    }

    @Test
    void globalAveragePoolingIsOneWindowOfTheWholePlane() {
        Tensor x = input(2, 3, 5, 4);
        new GlobalAvgPool2d().forward(x, Mode.TRAIN);
        verify(backend).avgPool2dForward(eq(new Pool2dGeometry(2, 3, 5, 4, 5, 4, 1, 1, 0, 0)), any(), same(x));
    }
}
