package dev.nn.cli;

import dev.nn.api.NnException;
import dev.nn.cli.report.ReportFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Option;

/** Where {@code nn train} and {@code nn cv} write their report: {@code --out} and {@code --overwrite}. */
final class ReportOptions {
    @Option(names = "--out", paramLabel = "DIR",
            description = "report folder: new or empty (default: a new folder under runs/, named by the time)")
    Path out;

    @Option(names = "--overwrite",
            description = "let --out name a folder that holds files: nn's report files there are deleted first, "
                    + "other files are kept")
    boolean overwrite;

    /** The folder {@link #open} created, or null when it found it there (or was not called). */
    private Path created;

    /**
     * The run's folder, made ready before the run starts (see {@link ReportFolder#claim}).
     *
     * @param prefix the default folder's name before its time stamp, e.g. {@code cv-}
     * @return the folder
     */
    ReportFolder open(String prefix) {
        if (out == null) {
            if (overwrite) {
                throw new NnException("--overwrite needs --out DIR naming the folder to write over");
            }
            return created(ReportFolder.fresh(Path.of("runs"), prefix, Clock.systemDefaultZone()));
        }
        boolean existed = Files.exists(out);
        ReportFolder folder = ReportFolder.claim(out, overwrite);
        return existed ? folder : created(folder);
    }

    /**
     * Remembers a folder this run created. The JVM deletes it at exit if it is still empty (deleting a folder that
     * holds files fails and is skipped): Ctrl-C before training leaves no empty folder behind either.
     */
    private ReportFolder created(ReportFolder folder) {
        created = folder.dir();
        created.toFile().deleteOnExit();
        return folder;
    }

    /**
     * Runs a command's work in its folder; when the work fails, a folder {@link #open} created and nothing was
     * written into is removed again.
     *
     * @param folder the run's folder
     * @param work the run, given the folder
     * @return the work's exit status
     */
    int runIn(Path folder, ToIntFunction<Path> work) {
        try {
            return work.applyAsInt(folder);
        } catch (RuntimeException | Error e) {
            discardIfUnused();
            throw e;
        }
    }

    /**
     * Removes the folder {@link #open} created when the run wrote nothing into it: a run refused for its data
     * leaves no empty folder behind.
     */
    private void discardIfUnused() {
        if (created != null) {
            try {
                Files.deleteIfExists(created);
            } catch (IOException notEmptyOrGone) {
                // the run wrote something: the folder stays
            }
        }
    }
}
