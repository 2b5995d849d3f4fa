package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * numpy's introsort where random inputs never go: inputs built by McIlroy's quicksort adversary exhaust the depth
 * limit, so numpy finishes with heapsort, over many ties (vectors written by
 * src/test/python/make_heapsort_vectors.py with numpy's introsort, the argsort numpy 1.24 and scikit-learn 1.2 use).
 */
class NumpySortTest {
    @Test
    @SuppressWarnings("unchecked")
    void inputsThatExhaustTheDepthLimitAreHeapsortedInNumpysOrder() throws IOException {
        Map<String, Object> vectors;
        try (InputStream in = NumpySortTest.class.getResourceAsStream("numpy_heapsort.json")) {
            vectors = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> cases = (List<Map<String, Object>>) vectors.get("cases");
        assertEquals(5, cases.size());
        for (Map<String, Object> c : cases) {
            long[] values = ((List<?>) c.get("values")).stream().mapToLong(o -> (Long) o).toArray();
            int[] expected = ((List<?>) c.get("argsort")).stream().mapToInt(o -> (int) (long) (Long) o).toArray();
            assertEquals(Arrays.toString(expected), Arrays.toString(NumpySort.argsort(values)),
                    values.length + " values, heapsorted from position " + c.get("heapsorted"));
        }
    }

    @Test
    void twoValuesAreOrderedAndFewerAreLeftAlone() {
        // np.argsort([5, 3]) == [1, 0]; np.argsort([7]) == [0]; np.argsort([]) == []
        assertArrayEquals(new int[] {1, 0}, NumpySort.argsort(new long[] {5, 3}));
        assertArrayEquals(new int[] {0}, NumpySort.argsort(new long[] {7}));
        assertArrayEquals(new int[0], NumpySort.argsort(new long[0]));
    }
}
