package dev.nn.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.core.data.ClassIndices;
import dev.nn.core.data.Dataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where class names come from: a CSV's words, --class-names, a classes.txt beside IDX files; never a folder name. */
class DataSourceTest {
    private static DataSource.Reading names(String... names) {
        return new DataSource.Reading(ClassIndices.DEFAULT_MAX_CLASSES, null, List.of(names));
    }

    @Test
    void wordLabelsAreNumberedInSortedOrderAndNumbersStayIndices(@TempDir Path dir) throws IOException {
        Path words = Files.writeString(dir.resolve("w.csv"), "x,kind\n1,pear\n2,apple\n3,fig\n4,apple\n");
        Dataset d = DataSource.csv(words, "kind", DataSource.Reading.ALL).train();
        assertEquals(List.of("apple", "fig", "pear"), d.classNames());
        assertArrayEquals(new float[] {2, 0, 1, 0}, d.labels());
        Path numbers = Files.writeString(dir.resolve("n.csv"), "x,y\n1,2\n2,0\n3,1\n4,1\n");
        Dataset n = DataSource.csv(numbers, "y", DataSource.Reading.ALL).train();
        assertEquals(List.of(), n.classNames());
        assertArrayEquals(new float[] {2, 0, 1, 1}, n.labels());
    }

    @Test
    void classNamesFromTheCommandLineNameIndicesOrOrderWords(@TempDir Path dir) throws IOException {
        Path numbers = Files.writeString(dir.resolve("n.csv"), "x,y\n1,2\n2,0\n3,1\n");
        assertEquals(List.of("a", "b", "c"), DataSource.csv(numbers, "y", names("a", "b", "c")).train().classNames());
        var fewer = assertThrows(NnException.class, () -> DataSource.csv(numbers, "y", names("a", "b")));
        assertTrue(fewer.getMessage().endsWith("has labels up to class 2 but --class-names names 2 classes; give one "
                + "name per class, in label order"), fewer.getMessage());
        Path words = Files.writeString(dir.resolve("w.csv"), "x,kind\n1,pear\n2,apple\n");
        Dataset ordered = DataSource.csv(words, "kind", names("pear", "apple")).train();
        assertArrayEquals(new float[] {0, 1}, ordered.labels());
        assertThrows(NnException.class, () -> names("a", "a"));
        assertThrows(NnException.class, () -> names("a", " "));
    }

    @Test
    void idxClassNamesComeFromClassesTxtNotFromTheFolderName(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fashion"));
        ByteBuffer images = ByteBuffer.allocate(16 + 4 * 4).putInt(0x803).putInt(4).putInt(2).putInt(2);
        Files.write(dir.resolve("train-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve("train-labels-idx1-ubyte"),
                ByteBuffer.allocate(12).putInt(0x801).putInt(4).put(new byte[] {0, 1, 1, 0}).array());
        assertEquals(List.of(), DataSource.idxFolder(dir).train().classNames(), "no names guessed from 'fashion'");
        Files.write(dir.resolve("classes.txt"), List.of("cat", "", "dog"));
        assertEquals(List.of("cat", "dog"), DataSource.idxFolder(dir).train().classNames());
        assertEquals(List.of("x", "y"), DataSource.idxFolder(dir, names("x", "y")).train().classNames());
        Files.write(dir.resolve("classes.txt"), List.of("cat", "cat"));
        var twice = assertThrows(NnException.class, () -> DataSource.idxFolder(dir));
        assertTrue(twice.getMessage().contains("names a class twice"), twice.getMessage());
    }
}
