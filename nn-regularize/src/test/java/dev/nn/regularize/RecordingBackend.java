package dev.nn.regularize;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The scalar reference backend behind a recorder: every call of the {@link Backend} interface runs on the scalar
 * backend and its method name is recorded, so a test sees what a layer asks of its backend. The tensors it returns
 * carry the recorder as their backend ({@code new Tensor(shape, recorder, storage)}), so a layer's later calls on
 * them, which go through {@link Tensor#backend()}, are recorded too. A dynamic proxy of the interface rather than a
 * hand-written decorator, so methods the interface gains later are delegated without touching this class.
 */
final class RecordingBackend implements InvocationHandler {
    /** Calls that allocate or free backend memory. */
    static final Set<String> MEMORY = Set.of("zeros", "tensor", "free");
    /** Calls that move values between the host and the backend (a synchronization on a device). */
    static final Set<String> HOST_TRAFFIC = Set.of("read", "write", "sum", "sumOfSquares");

    private final Backend scalar = Backends.select("scalar");
    private final Backend self;
    private final List<String> calls = new ArrayList<>();

    RecordingBackend() {
        self = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, this);
    }

    /** @return the backend to build layers on and to hand tensors of */
    Backend backend() {
        return self;
    }

    /**
     * A tensor of this backend that the recorder does not see being made: a batch the test prepares before the
     * calls it watches.
     *
     * @param values row-major values, owned by the tensor
     * @param dims the shape
     * @return the tensor
     */
    Tensor input(float[] values, int... dims) {
        return new Tensor(Shape.of(dims), self, new HostStorage(values));
    }

    /** Forgets the calls recorded so far. */
    void clear() {
        calls.clear();
    }

    /**
     * @param names method names of interest
     * @return the recorded calls with one of those names, in order
     */
    List<String> calls(Set<String> names) {
        return calls.stream().filter(names::contains).toList();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "recording " + scalar.name();
            };
        }
        calls.add(method.getName());
        Object result;
        try {
            result = method.invoke(scalar, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return result instanceof Tensor t ? new Tensor(t.shape(), self, t.storage()) : result;
    }
}
