package dev.nn.api.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void sizeRankAndNegativeAxes() {
        Shape s = Shape.of(4, 32, 5, 5);
        assertEquals(4 * 32 * 25, s.size());
        assertEquals(4, s.rank());
        assertEquals(5, s.dim(-1));
        assertEquals(32, s.dim(1));
        assertEquals(32 * 25, s.product(1, 4));
        assertEquals("[4, 32, 5, 5]", s.toString());
        assertEquals(1, Shape.of().size());
    }

    @Test
    void valueSemantics() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        assertEquals(2, s.dim(0), "the shape copies its input");
    }

    @Test
    void badShapesSayWhy() {
        var negative = assertThrows(ShapeException.class, () -> Shape.of(2, -1));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        var axis = assertThrows(ShapeException.class, () -> Shape.of(2, 3).dim(2));
        assertTrue(axis.getMessage().contains("out of range"), axis.getMessage());
        var huge = assertThrows(ShapeException.class, () -> Shape.of(65536, 65536));
        assertTrue(huge.getMessage().contains("at most"), huge.getMessage());
        // 2^64 elements: a long product wrapped to 0 and the shape was taken for an empty one
        var wrapped = assertThrows(ShapeException.class, () -> Shape.of(65536, 65536, 65536, 65536));
        assertEquals("Shape [65536, 65536, 65536, 65536] holds more than 2147483647 elements; a tensor holds at "
                + "most 2147483647 (split the batch)", wrapped.getMessage());
        assertEquals(0, Shape.of(65536, 65536, 65536, 65536, 0).size(), "a zero dimension still empties it");
    }
}
