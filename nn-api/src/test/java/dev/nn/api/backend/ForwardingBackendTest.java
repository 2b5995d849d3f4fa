package dev.nn.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingBackendTest {
    /** A default method left unforwarded would answer for the wrapper, not the wrapped backend (its threads). */
    @Test
    void forwardsEveryMethodOfTheBackendInterfaceIncludingTheDefaultOnes() {
        List<String> missing = Arrays.stream(Backend.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(m))
                .map(Method::getName)
                .toList();
        assertEquals(List.of(), missing, "Backend methods ForwardingBackend does not forward");
    }

    private static boolean declares(Method m) {
        try {
            ForwardingBackend.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
