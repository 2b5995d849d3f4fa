package dev.nn.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import dev.nn.api.NnException;
import dev.nn.core.inject.NnModule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The shape of {@code nn bench}'s output and its ratios (never its times: machines here are shared). */
class BenchCommandTest {
    /** The command as the CLI makes it: by Guice, with the backend factory injected. */
    private static BenchCommand wired() {
        return Guice.createInjector(new NnModule()).getInstance(BenchCommand.class);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(wired());
        cli.setOut(new PrintWriter(out));
        int status = cli.execute(args);
        assertEquals(0, status, out.toString());
        return out.toString();
    }

    @Test
    void eachCaseIsOneLineOfNineFieldsWhoseRatioIsRateOverLimit(@TempDir Path dir) throws Exception {
        Path peer = dir.resolve("peer.tsv");
        Files.writeString(peer, "# pytorch\ncase\tbackend\tthreads\tmedian_ms\tmin_ms\tmax_ms\trate\tlimit\tratio\n"
                + "gemm/1024x1024x1024\tpytorch-1.13\t1\t10\t9\t11\t50.0\t-\t-\n");
        String out = run("--backend", "scalar", "--threads", "1", "--case", "gemm,e2e_mlp", "--seconds", "0.02",
                "--peer", peer.toString());
        List<String> lines = out.lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(2, lines.size(), out);
        String[] gemm = lines.get(0).split("\t");
        assertEquals(10, gemm.length, lines.get(0));
        assertEquals("gemm/1024x1024x1024", gemm[0]);
        assertEquals("scalar", gemm[1]);
        assertEquals("1", gemm[2]);
        double median = Double.parseDouble(gemm[3]);
        assertTrue(Double.parseDouble(gemm[4]) <= median && median <= Double.parseDouble(gemm[5]), lines.get(0));
        double rate = Double.parseDouble(gemm[6]);
        assertEquals(2.0 * 1024 * 1024 * 1024 / (median / 1e3) / 1e9, rate, 0.05 + 1e-3 * rate, "GFLOP/s");
        assertEquals(rate / Double.parseDouble(gemm[7]), Double.parseDouble(gemm[8]), 0.006, "ratio = rate / limit");
        assertEquals(rate / 50.0, Double.parseDouble(gemm[9]), 0.006, "vs_peer = rate / the peer's rate");
        String[] step = lines.get(1).split("\t");
        assertEquals("e2e_mlp_step/b128", step[0]);
        assertEquals(128 / (Double.parseDouble(step[3]) / 1e3), Double.parseDouble(step[6]),
                0.05 + 1e-3 * Double.parseDouble(step[6]), "samples/s");
        assertEquals("-", step[7]);
        assertEquals("-", step[9], "no peer line for this case");
        assertTrue(out.startsWith("# 1 threads: bandwidth read "), out);
    }

    @Test
    void anUnknownCaseListsTheCases() {
        BenchCommand bench = wired();
        new CommandLine(bench).parseArgs("--backend", "scalar", "--case", "nope");
        var e = assertThrows(NnException.class, bench::call);
        assertTrue(e.getMessage().startsWith("No case starts with [nope]; cases: [bn2d_train_fwd/32x64x56x56,"),
                e.getMessage());
    }

    @Test
    void aPeerFileThatIsNotBenchOutputIsAClearError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "# header\ngemm/1024x1024x1024 is fast\n");
        var e = assertThrows(NnException.class, () -> BenchCommand.readPeer(bad));
        assertTrue(e.getMessage().contains("bad.tsv:2 is not a bench line"), e.getMessage());
        Map<String, Double> ok = BenchCommand.readPeer(write(dir, "a\tb\t1\t1\t1\t1\t2.5\t-\t-\n"));
        assertEquals(Map.of("a", 2.5), ok);
    }

    private static Path write(Path dir, String text) throws Exception {
        Path p = dir.resolve("ok.tsv");
        Files.writeString(p, text);
        return p;
    }
}
