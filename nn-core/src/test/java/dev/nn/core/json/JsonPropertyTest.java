package dev.nn.core.json;

import static dev.nn.core.fuzz.ReaderContract.readsOrRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.fuzz.Fuzz;
import dev.nn.core.fuzz.HostileBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The JSON parser on hostile text (docs/fuzzing.md): a value or a {@link JsonException}, and writing round-trips. */
class JsonPropertyTest {
    /** Documents shaped like nn's: a safetensors header, a golden case, escapes and every kind of number. */
    private static final List<byte[]> VALID = List.of(
            utf8("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                    + "\"data_offsets\":[0,24]}}"),
            utf8("{\"op\": \"linear\", \"params\": {\"bias\": true},\n \"inputs\": {\"x\": {\"shape\": [1, 2], "
                    + "\"dtype\": \"float32\", \"data\": [0.5, -1.25e-3]}},\n \"tolerance\": {\"abs\": 1e-05, "
                    + "\"rel\": 0}}"),
            utf8("[\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\", -0, 12345678901234567, 1.5E+300, [[[{}]]], null]"));

    /** Numbers on the edges of long and double and of their decimal spelling. */
    private static final List<Object> EDGES = List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 0.0, -0.0, 1.0,
            Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e21, 0.1);
    private static final Fuzz FUZZ = Fuzz.runner();

    @Test
    void arbitraryTextIsAValueOrAJsonException() {
        FUZZ.forAll(HostileBytes::anyText, text -> readsOrRefuses(JsonException.class, () -> Json.parse(text)));
    }

    @Test
    void damagedDocumentsAreAValueOrAJsonException() {
        FUZZ.forAll(r -> HostileBytes.damaged(r, VALID), document -> {
            String text = new String(document, StandardCharsets.UTF_8);
            readsOrRefuses(JsonException.class, () -> Json.parse(text));
        });
    }

    @Test
    void anyNestingDepthIsAValueOrAJsonException() {
        FUZZ.forAll(r -> 1 + r.nextInt(3 * Json.MAX_DEPTH), SplittableRandom::nextBoolean, (depth, objects) -> {
            String open = objects ? "{\"a\":" : "[";
            String text = open.repeat(depth) + "0" + (objects ? "}" : "]").repeat(depth);
            var parsed = readsOrRefuses(JsonException.class, () -> Json.parse(text));
            assertEquals(depth <= Json.MAX_DEPTH, parsed.isPresent(), "only documents deeper than the limit fail");
        });
    }

    @Test
    void writingThenParsingGivesTheSameValue() {
        FUZZ.forAll(r -> value(r, 3), value -> {
            assertEquals(value, Json.parse(Json.write(value)));
            assertEquals(value, Json.parse(Json.writePretty(value)));
        });
    }

    /** Any kind of JSON value, nested up to {@code depth} levels, as {@link Json#parse} returns them. */
    private static Object value(SplittableRandom r, int depth) {
        return switch (r.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> HostileBytes.text(r, Fuzz.size(r, 8));
            case 1 -> r.nextInt(4) == 0 ? Fuzz.oneOf(r, EDGES) : r.nextLong();
            case 2 -> r.nextInt(4) == 0 ? Fuzz.oneOf(r, EDGES) : Fuzz.finiteDouble(r);
            case 3 -> r.nextBoolean();
            case 4 -> null;
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    list.add(value(r, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    map.put(HostileBytes.text(r, Fuzz.size(r, 6)), value(r, depth - 1));
                }
                yield map;
            }
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
