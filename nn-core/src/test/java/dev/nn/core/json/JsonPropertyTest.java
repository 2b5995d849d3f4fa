package dev.nn.core.json;

import static dev.nn.core.ReaderContract.readsOrRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.HostileBytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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

    @Property
    void arbitraryTextIsAValueOrAJsonException(@ForAll String text) {
        readsOrRefuses(JsonException.class, () -> Json.parse(text));
    }

    @Property
    void damagedDocumentsAreAValueOrAJsonException(@ForAll("damaged") byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8);
        readsOrRefuses(JsonException.class, () -> Json.parse(text));
    }

    @Property
    void anyNestingDepthIsAValueOrAJsonException(@ForAll @IntRange(min = 1, max = 3 * Json.MAX_DEPTH) int depth,
                                                  @ForAll boolean objects) {
        String open = objects ? "{\"a\":" : "[";
        String text = open.repeat(depth) + "0" + (objects ? "}" : "]").repeat(depth);
        var parsed = readsOrRefuses(JsonException.class, () -> Json.parse(text));
        assertEquals(depth <= Json.MAX_DEPTH, parsed.isPresent(), "only documents deeper than the limit fail");
    }

    @Property
    void writingThenParsingGivesTheSameValue(@ForAll("values") Object value) {
        assertEquals(value, Json.parse(Json.write(value)));
        assertEquals(value, Json.parse(Json.writePretty(value)));
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return HostileBytes.damaged(VALID);
    }

    /** Every kind of JSON value, nested up to three levels, as {@link Json#parse} returns them. */
    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(8).map(s -> s),
                Arbitraries.longs().map(l -> l),
                Arbitraries.doubles().map(d -> d),
                Arbitraries.of(true, false).map(b -> b),
                Arbitraries.create(() -> null));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(l -> l),
                Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(6), inner).ofMaxSize(3)
                        .map(m -> (Object) m)), 0, 3);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
