package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool behind every multi-threaded kernel: each task exactly once, failures surface, nesting never deadlocks. */
class ParallelTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void everyTaskRunsExactlyOnceInEveryCall(int threads) {
        Parallel par = new Parallel(threads);
        try {
            for (int count : new int[] {0, 1, 2, 7, 1000}) {
                for (int call = 0; call < 50; call++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(count);
                    par.forEach(count, runs::incrementAndGet);
                    int[] expected = new int[count];
                    Arrays.fill(expected, 1);
                    int[] actual = new int[count];
                    Arrays.setAll(actual, runs::get);
                    assertArrayEquals(expected, actual, count + " tasks, call " + call);
                }
            }
        } finally {
            par.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void tasksRunOnMoreThanTheCallingThread(int threads) {
        Parallel par = new Parallel(threads);
        try {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            long deadline = System.nanoTime() + 10_000_000_000L;   // a loaded machine may schedule workers late
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                par.forEach(threads * 4, i -> {
                    seen.add(Thread.currentThread());
                    long until = System.nanoTime() + 50_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
            }
            assertTrue(seen.size() >= 2, "only " + seen + " took tasks");
        } finally {
            par.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void theFirstFailureReachesTheCallerAndThePoolKeepsWorking(int threads) {
        Parallel par = new Parallel(threads);
        try {
            IllegalStateException boom = new IllegalStateException("task 5");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> par.forEach(10, i -> {
                if (i == 5) {
                    throw boom;
                }
            }));
            assertSame(boom, thrown);
            AtomicIntegerArray runs = new AtomicIntegerArray(10);
            par.forEach(10, runs::incrementAndGet);
            for (int i = 0; i < 10; i++) {
                assertEquals(1, runs.get(i), "task " + i + " after a failed call");
            }
        } finally {
            par.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aCallFromInsideATaskRunsInline(int threads) {
        Parallel par = new Parallel(threads);
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(6 * 5);
            par.forEach(6, outer -> par.forEach(5, inner -> runs.incrementAndGet(outer * 5 + inner)));
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "task " + i);
            }
        } finally {
            par.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void afterShutdownCallsStillCompleteOnTheCallingThread(int threads) {
        Parallel par = new Parallel(threads);
        par.shutdown();
        Thread caller = Thread.currentThread();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray runs = new AtomicIntegerArray(9);
        par.forEach(9, i -> {
            seen.add(Thread.currentThread());
            runs.incrementAndGet(i);
        });
        assertEquals(Set.of(caller), seen);
        for (int i = 0; i < 9; i++) {
            assertEquals(1, runs.get(i));
        }
    }
}
