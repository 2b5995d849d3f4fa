package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner on a caller's local[2] context. */
class SparkTrialRunnerTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = TestSpark.local2();
    }

    @AfterAll
    static void stopSpark() {
        sc.close();
    }

    @Test
    void returnsWhatTheLocalRunnerReturnsInTrialOrder() {
        Dataset data = TestWorks.data();
        TrialJob job = new TrialJob(TestWorks.fiveFolds(data.size(), 3), data,
                List.of(new TestWorks.SeededWork(4, 1), new TestWorks.SeededWork(4, 2),
                        new TestWorks.SeededWork(2, 3)), 1);
        List<TrialResult> local;
        try (LocalTrialRunner runner = new LocalTrialRunner(2)) {
            local = runner.run(job);
        }
        List<TrialResult> spark = SparkTrialRunner.of(sc).run(job);
        assertEquals(15, spark.size());
        assertEquals(local, spark);
        for (int i = 0; i < spark.size(); i++) {
            assertEquals(i, spark.get(i).index());
            assertTrue(spark.get(i).ok());
        }
    }

    @Test
    void reportsEachFinishedTrialOnTheCallingThread() {
        Dataset data = TestWorks.data();
        TrialJob job = TrialJob.of(TestWorks.fiveFolds(data.size(), 1), data, new TestWorks.SeededWork(2, 1));
        Thread caller = Thread.currentThread();
        List<Integer> done = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        SparkTrialRunner.of(sc).run(job, (result, finished, total) -> {
            assertSame(caller, Thread.currentThread());
            assertEquals(5, total);
            done.add(finished);
            indices.add(result.index());
        }, () -> false);
        assertEquals(List.of(1, 2, 3, 4, 5), done);
        assertEquals(List.of(0, 1, 2, 3, 4), indices.stream().sorted().toList());
    }

    @Test
    void aTrialThatThrowsComesBackFailedWithItsMessageAndTheOthersRun() {
        Dataset data = TestWorks.data();
        TrialJob job = TrialJob.of(TestWorks.fiveFolds(data.size(), 1), data, new TestWorks.ThrowingWork(2));
        List<TrialResult> results = SparkTrialRunner.of(sc).run(job);
        assertEquals(5, results.size());
        TrialResult failed = results.get(2);
        assertTrue(failed.failed());
        assertEquals(IllegalArgumentException.class.getName(), failed.error().type());
        assertEquals("learning rate 0 trains nothing (fold 2)", failed.error().message());
        assertEquals(4, results.stream().filter(TrialResult::ok).count());
    }

    @Test
    void decodesTheDataSetOncePerJvmForAllTasks() {
        Dataset data = TestWorks.data(4242); // a data set no other test of this JVM uses
        TrialJob job = new TrialJob(TestWorks.fiveFolds(data.size(), 2), data,
                List.of(new TestWorks.SeededWork(1, 1), new TestWorks.SeededWork(1, 2)), 1);
        int before = ExecutorDatasets.decodes();
        SparkTrialRunner.of(sc).run(job);
        assertEquals(before + 1, ExecutorDatasets.decodes(), "local[2] runs every task in this JVM");
    }

    @Test
    void refusesAWorkThatCannotBeSerializedBeforeAnyTrialRuns() {
        Dataset data = TestWorks.data();
        TrialJob job = new TrialJob(TestWorks.fiveFolds(data.size(), 2), data,
                List.of(new TestWorks.SeededWork(1, 1), new TestWorks.UnserializableWork(new Object())), 1);
        AtomicBoolean heard = new AtomicBoolean();
        NnException e = assertThrows(NnException.class,
                () -> SparkTrialRunner.of(sc).run(job, (r, d, t) -> heard.set(true), () -> false));
        assertTrue(e.getMessage().contains("candidate 1") && e.getMessage().contains("UnserializableWork"),
                e.getMessage());
        assertFalse(heard.get(), "no trial ran");
    }

    @Test
    void stopCancelsTheRunningTrialsAndReturnsTheFinishedOnes() throws Exception {
        Dataset data = TestWorks.data();
        List<Trial> trials = TestWorks.fiveFolds(data.size(), 2);
        // candidate 0 finishes at once; candidate 1 blocks until interrupted
        TrialJob job = new TrialJob(trials, data,
                List.of(new TestWorks.SeededWork(1, 1), new TestWorks.BlockingWork()), 1);
        TestWorks.Blocking.arm(2);
        AtomicBoolean stop = new AtomicBoolean();
        List<TrialResult> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch quickOnesHeard = new java.util.concurrent.CountDownLatch(5);
        CompletableFuture<List<TrialResult>> run = CompletableFuture.supplyAsync(
                () -> SparkTrialRunner.of(sc).run(job, (r, d, t) -> {
                    heard.add(r);
                    quickOnesHeard.countDown();
                }, stop::get));
        assertTrue(TestWorks.Blocking.started.await(60, TimeUnit.SECONDS), "both cores run a blocking trial");
        assertTrue(quickOnesHeard.await(60, TimeUnit.SECONDS), "candidate 0's five trials came back");
        stop.set(true);
        List<TrialResult> finished = run.get(60, TimeUnit.SECONDS);
        assertTrue(TestWorks.Blocking.interrupted.await(60, TimeUnit.SECONDS), "the running trials were interrupted");
        assertEquals(finished, heard.stream().sorted(java.util.Comparator.comparingInt(TrialResult::index)).toList(),
                "the listener heard of exactly the returned trials");
        assertTrue(finished.stream().allMatch(r -> r.candidate() == 0 && r.ok()), finished.toString());
        assertEquals(5, finished.size(), "the blocked trials were cut short: left out");
        // the context is still usable afterwards
        assertEquals(5, SparkTrialRunner.of(sc).run(
                TrialJob.of(trials.subList(0, 5), data, new TestWorks.SeededWork(1, 1))).size());
    }

    @Test
    void runsNothingWhenStoppedBeforeItStarts() {
        Dataset data = TestWorks.data();
        TrialJob job = TrialJob.of(TestWorks.fiveFolds(data.size(), 1), data, new TestWorks.SeededWork(1, 1));
        assertEquals(List.of(), SparkTrialRunner.of(sc).run(job, (r, d, t) -> {
        }, () -> true));
    }

    @Test
    void leavesTheCallersContextRunningWhenClosed() {
        SparkTrialRunner.of(sc).close();
        assertFalse(sc.sc().isStopped());
    }

}
