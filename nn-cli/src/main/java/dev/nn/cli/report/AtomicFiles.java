package dev.nn.cli.report;

import dev.nn.api.NnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file so readers see either the old content or the new one, never half of it. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes to a temporary file in the same directory, then renames it over the target.
     *
     * @param target the file to (re)place
     * @param bytes its new content
     * @throws NnException when the directory is not writable, naming it and the fix
     */
    public static void write(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
            throw new NnException("Cannot write " + target + ": " + e + ". Check that " + dir
                    + " exists and is writable, or choose another --out directory", e);
        }
    }

    /**
     * @param target the file to (re)place
     * @param text its new content, UTF-8
     */
    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
