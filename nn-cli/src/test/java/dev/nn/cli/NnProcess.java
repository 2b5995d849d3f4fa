package dev.nn.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The {@code nn} command in a child JVM, as a user runs it: with its own exit status, heap limit and signals. The
 * child gets this test JVM's module path plus its class path (where surefire puts Guava, which the automatic Guice
 * module reads).
 *
 * @param status the exit status
 * @param output standard output and standard error, interleaved
 */
record NnProcess(int status, String output) {
    /**
     * Runs {@code nn} to its end.
     *
     * @param jvmOptions options for the child JVM, e.g. {@code -Xmx96m}
     * @param args the command line
     * @param onLine sees every output line as it comes, with the process (to signal it)
     * @return the exit status and everything printed
     */
    static NnProcess run(List<String> jvmOptions, List<String> args, BiConsumer<Process, String> onLine)
            throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-p", System.getProperty("jdk.module.path"), "-cp", System.getProperty("java.class.path"),
                "--add-modules", "ALL-MODULE-PATH", "-Dguice_bytecode_gen_option=DISABLED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-m", "dev.nn.cli/dev.nn.cli.Main"));
        command.addAll(args);
        StringBuilder seen = new StringBuilder();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    onLine.accept(p, line);
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("nn did not exit within 60 s of closing its output:\n" + seen);
            }
            return new NnProcess(p.exitValue(), seen.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGINT, what Ctrl-C sends, to the process. */
    static void interrupt(Process p) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
