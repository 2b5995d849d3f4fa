package dev.nn.core.state;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that readers see either the old content or the complete new content, never a mix: the content goes
 * to a temporary file in the target's directory, is flushed to disk, and is then renamed over the target with an
 * atomic move. When anything fails the temporary file is removed and the previous file stays as it was.
 *
 * <p>A process killed while writing (SIGKILL, power loss) leaves its temporary behind, named
 * {@code .<target>.<pid>.<n>.tmp}; it is never taken for the target. The next write of the same target removes
 * such leftovers of writers that are gone ({@link #removeStaleTemporaries}), and a run starting in a folder removes
 * all of them there ({@link #removeLeftovers}), leaving alone those of a live process that may still be writing.
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
    /** {@code .<target name>.<pid>.<n>.tmp}: the temporary files {@link #write} creates (pid below 10^18). */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d{1,18})\\.\\d{1,18}\\.tmp");
    /** This process's temporaries being written now; any other of its own is a leftover of an earlier process. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

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
        removeStaleTemporaries(absolute);
        Path tmp = null;
        Path created = null;
        try {
            // not Files.createTempFile: its owner-only permissions would carry over to the checkpoint
            tmp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + COUNTER.incrementAndGet() + ".tmp");
            created = tmp;
            IN_FLIGHT.add(created);
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
            if (created != null) {
                IN_FLIGHT.remove(created);
            }
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
     * Removes the temporaries that writers of this target left when they were killed (see {@link #isStale}).
     * Failures to remove are ignored: a leftover is only clutter, never read.
     *
     * @param target the file whose leftover temporaries to remove
     */
    public static void removeStaleTemporaries(Path target) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String prefix = "." + absolute.getFileName() + ".";
        try {
            removeStale(dir, name -> name.startsWith(prefix));
        } catch (IOException | RuntimeException e) {
            // best effort: leftovers are never taken for the target
        }
    }

    /**
     * Deletes the temporaries that writers killed mid-write left anywhere in a directory (see {@link #isStale}),
     * e.g. when a run starts using its report folder.
     *
     * @param dir the directory; nothing happens when it does not exist
     * @return the files deleted
     * @throws CheckpointException when the directory cannot be listed or a leftover cannot be deleted
     */
    public static List<Path> removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try {
            return removeStale(dir, name -> true);
        } catch (IOException e) {
            throw new CheckpointException("Cannot remove the temporary files left in " + dir + " by an interrupted "
                    + "write (" + e + "); delete the files named .*.tmp there", e);
        }
    }

    /** Deletes the stale temporaries in {@code dir} whose names pass {@code names}; returns them. */
    private static List<Path> removeStale(Path dir, Predicate<String> names) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> names.test(p.getFileName().toString())
                && TEMPORARY.matcher(p.getFileName().toString()).matches())) {
            for (Path tmp : files) {
                Matcher m = TEMPORARY.matcher(tmp.getFileName().toString());
                if (m.matches() && isStale(tmp, Long.parseLong(m.group(1))) && Files.deleteIfExists(tmp)) {
                    removed.add(tmp);
                }
            }
        }
        return removed;
    }

    /**
     * A temporary is stale when its writer is gone: its process no longer runs, or started after the file was last
     * written (its id was reused), or it is this process but not writing that file now (an earlier process had the
     * same id, as in a container). Temporaries of live writers may still be written and are kept.
     */
    private static boolean isStale(Path tmp, long pid) throws IOException {
        if (pid == ProcessHandle.current().pid()) {
            return !IN_FLIGHT.contains(tmp);
        }
        Optional<ProcessHandle> writer = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (writer.isEmpty()) {
            return true;
        }
        Optional<Instant> started = writer.get().info().startInstant();
        return started.isPresent() && started.get().isAfter(Files.getLastModifiedTime(tmp).toInstant());
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
}
