package dev.nn.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e-3, true, null, \"x\\n\\u00e9\"], \"b\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2.5e-3, a.get(1));
        assertEquals(true, a.get(2));
        assertNull(a.get(3));
        assertEquals("x\né", a.get(4));
        assertEquals(Map.of(), m.get("b"));
    }

    @Test
    void float32ValuesRoundTripExactly() {
        // The golden files store float32 values as the shortest double that round-trips.
        double d = (Double) Json.parse("0.30000001192092896");
        assertEquals(0.3f, (float) d);
    }

    @Test
    void malformedInputGivesLineAndColumn() {
        var e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": [1, 2,, 3]\n}"));
        assertEquals("Malformed JSON at line 2, column 14: unexpected character ',', expected a value", e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("{\"a\": 1} x"));
        assertThrows(JsonException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
        assertThrows(JsonException.class, () -> Json.parse("[1, 2"));
    }

    @Test
    void nestingDeeperThanTheLimitIsAnErrorNotAStackOverflow() {
        var e = assertThrows(JsonException.class, () -> Json.parse("[".repeat(100_000)));
        assertEquals("Malformed JSON at line 1, column " + (Json.MAX_DEPTH + 1) + ": arrays and objects nested "
                + "more than " + Json.MAX_DEPTH + " deep; nn's JSON files nest a few levels, so this document is "
                + "corrupt or not meant for nn", e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":".repeat(100_000)));
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(Json.parse(deepest), Json.parse(deepest), "the limit itself is allowed");
        assertThrows(JsonException.class, () -> Json.parse("[" + deepest + "]"));
    }

    @Test
    void integersOfNineteenDigitsAreStillLongs() {
        // found by JsonPropertyTest: Long.MIN_VALUE and 19-digit integers came back as doubles, rounded
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(1_000_000_000_000_000_001L, Json.parse("1000000000000000001"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"), "past a long: a double");
    }

    @Test
    void unicodeEscapesNeedFourHexDigits() {
        // Integer.parseInt took a sign ("\\u+04f" was 'O') and other scripts' digits
        assertEquals("\u00e9", Json.parse("\"\\u00E9\""));
        assertThrows(JsonException.class, () -> Json.parse("\"\\u+04f\""));
        assertThrows(JsonException.class, () -> Json.parse("\"\\u-001\""));
        assertThrows(JsonException.class, () -> Json.parse("\"\\u\u0661\u0662\u0663\u0664\""));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "w\"eight");
        m.put("shape", new int[] {2, 3});
        m.put("values", List.of(1.5, 2L));
        String text = Json.write(m);
        assertEquals("{\"name\":\"w\\\"eight\",\"shape\":[2,3],\"values\":[1.5,2]}", text);
        assertEquals(Json.parse(text), Json.parse(Json.writePretty(m)));
        assertTrue(assertThrows(JsonException.class, () -> Json.write(Double.NaN)).getMessage().contains("NaN"));
    }
}
