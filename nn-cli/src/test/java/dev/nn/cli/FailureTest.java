package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one top-level handler: nn's own errors exit 2 in one line, anything else 1 in one paragraph. */
class FailureTest {
    private static String report(Throwable failure, boolean debug, int expectedStatus) {
        StringWriter err = new StringWriter();
        assertEquals(expectedStatus, Failure.report(failure, new PrintWriter(err), debug));
        return err.toString();
    }

    @Test
    void nnErrorsAreOneLineWithStatus2AndTheTraceOnlyUnderDebug() {
        String plain = report(new NnException("--lr must be > 0"), false, 2);
        assertEquals("error: --lr must be > 0", plain.strip());
        String debug = report(new NnException("--lr must be > 0"), true, 2);
        assertTrue(debug.startsWith("error: --lr must be > 0\ndev.nn.api.NnException: --lr must be > 0\n\tat "),
                debug);
    }

    @Test
    void anythingElseIsOneParagraphWithStatus1SayingWhereAndWhatToDo() {
        String plain = report(new IllegalStateException("buffer freed twice"), false, 1);
        assertEquals(1, plain.strip().lines().count(), plain);
        assertTrue(plain.startsWith("error: nn failed unexpectedly with java.lang.IllegalStateException: buffer "
                + "freed twice in dev.nn.cli.FailureTest.anythingElseIsOneParagraphWithStatus1SayingWhereAndWhatToDo. "
                + "This is a bug in nn or in a plugin, not in your input. Run the same command with --debug"), plain);
        String debug = report(new IllegalStateException("x"), true, 1);
        assertTrue(debug.matches("(?s).*\tat \\S*dev\\.nn\\.cli\\.FailureTest\\..*"), debug);
    }

    @Test
    void outOfMemorySaysWhereTheHeapLimitAndHowToAvoidIt() {
        String text = Failure.explain(new OutOfMemoryError("Java heap space"), 96L << 20);
        assertTrue(text.startsWith("nn ran out of memory (Java heap space) while allocating in dev.nn.cli.FailureTest"
                + ".outOfMemorySaysWhereTheHeapLimitAndHowToAvoidIt, with a heap limit of 96 MiB. Use less data at "
                + "once (a smaller --batch or --limit, or a smaller --model), or give Java more heap: ./nn -Xmx8g "),
                text);
        assertTrue(text.contains("JDK_JAVA_OPTIONS=-Xmx8g"), text);
    }

    @Test
    void debugWorksBeforeAndAfterTheCommand() {
        for (String[] args : List.of(new String[] {"--debug", "train", "--lr", "0"},
                new String[] {"train", "--lr", "0", "--debug"})) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("error: --lr must be a finite number > 0, got 0"), r.err());
            assertTrue(r.err().matches("(?s).*\tat \\S*dev\\.nn\\.cli\\.TrainingOptions\\.validate.*"), r.err());
        }
        assertFalse(CliRun.of("train", "--lr", "0").err().contains("\tat "));
    }

    /** A real out-of-memory in a child JVM with a small heap: one paragraph and status 1, no stack trace. */
    @Test
    void aRealOutOfMemoryExitsOneWithAdviceInsteadOfAStackTrace(@TempDir Path tmp) throws Exception {
        Path data = BundledData.copyTo(tmp.resolve("fashion"));
        // two 4000-wide layers: 16M weights with Adam's two moments and the gradient need 256 MB
        NnProcess r = NnProcess.run(List.of("-Xmx96m"), List.of("train", "--data", data.toString(), "--limit",
                "1000", "--epochs", "1", "--model", "mlp:4000,4000", "--backend", "scalar", "--out",
                tmp.resolve("out").toString()), (p, line) -> { });
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().contains("error: nn ran out of memory (Java heap space) while allocating in dev.nn."),
                r.output());
        assertTrue(r.output().contains("with a heap limit of 96 MiB. Use less data at once"), r.output());
        assertFalse(r.output().contains("\tat "), r.output());
    }
}
