package dev.nn.core.state;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that readers see either the old content or the complete new content, never a mix: the content goes
 * to a temporary file in the target's directory, is flushed to disk, and is then renamed over the target with an
 * atomic move. When anything fails the temporary file is removed and the previous file stays as it was. A process
 * killed while writing cannot remove its temporary file: {@link #removeLeftovers(Path)} does, the next time the
 * directory is used. Temporary files are named {@code .<target name>.<pid>.<n>.tmp}, so no reader takes one for the
 * target.
 */
public final class AtomicFiles {
    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param out where to write; buffered, closed by the caller
         * @throws IOException when writing fails (the target is then left unchanged)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final AtomicLong COUNTER = new AtomicLong();
    /** {@code .<target name>.<pid>.<n>.tmp}: the temporary files {@link #write} creates. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d+)\\.\\d+\\.tmp");

    private AtomicFiles() {
    }

    /**
     * Replaces a file atomically: writes a temporary file beside it, then moves it over the target.
     *
     * @param target the file to create or replace; its directory must exist
     * @param content writes the new content
     * @throws CheckpointException when anything fails; the target then still holds its previous content
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CheckpointException("Cannot write " + target + ": directory " + dir
                    + " does not exist; create it first");
        }
        Path tmp = null;
        try {
            // not Files.createTempFile: its owner-only permissions would carry over to the checkpoint
            tmp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + COUNTER.incrementAndGet() + ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true); // the data is on disk before the rename makes it visible
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (AtomicMoveNotSupportedException e) {
            throw new CheckpointException("Cannot replace " + target + " atomically on this file system ("
                    + e.getMessage() + "); the previous file is unchanged. Write to a local directory instead", e);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("Writing " + target + " failed (" + e + "); the previous file, if any, "
                    + "is unchanged", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }

    /**
     * Replaces a file with text, atomically.
     *
     * @param target the file to create or replace
     * @param text written as UTF-8
     */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Deletes the temporary files that writers killed mid-write left in a directory: those of processes that no
     * longer run. Files of running processes (this one included) are kept, since they may still be writing them.
     *
     * @param dir the directory; nothing happens when it does not exist
     * @return the files deleted
     * @throws CheckpointException when the directory cannot be listed or a leftover cannot be deleted
     */
    public static List<Path> removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = TEMPORARY.matcher(file.getFileName().toString());
                if (m.matches() && !running(m.group(1)) && Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("Cannot remove the temporary files left in " + dir + " by an interrupted "
                    + "write (" + e + "); delete the files named .*.tmp there", e);
        }
        return removed;
    }

    private static boolean running(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException tooLong) {
            return false;   // no process has a pid beyond a long
        }
    }
}
