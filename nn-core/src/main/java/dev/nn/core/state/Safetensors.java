package dev.nn.core.state;

import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.json.Json;
import dev.nn.core.json.JsonException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header mapping each tensor
 * name to {@code dtype}, {@code shape} and {@code data_offsets} {@code [begin, end)} into the data section (plus an
 * optional {@code __metadata__} string map), padded with spaces to a multiple of 8 bytes, then the raw little-endian
 * data. Files are written exactly as the reference implementation writes them (tensors sorted by name in byte order,
 * offsets assigned in that order, compact JSON), so the same tensors give the same bytes as PyTorch's
 * {@code safetensors.torch.save_file}. nn writes float32 ({@code F32}) and reads {@code F32}, {@code F64},
 * {@code I32} and {@code I64} (PyTorch stores {@code num_batches_tracked} as I64), converting to float32.
 */
public final class Safetensors {
    /** The reference implementation's limit on the header size. */
    static final long MAX_HEADER = 100_000_000L;
    private static final Map<String, Integer> DTYPE_BYTES = Map.of("F32", 4, "F64", 8, "I32", 4, "I64", 8);
    private static final Comparator<String> BYTE_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private Safetensors() {
    }

    /**
     * Writes tensors as F32, atomically (see {@link AtomicFiles}).
     *
     * @param file the target; a previous file stays intact when writing fails
     * @param tensors by name; names must be unique and non-empty, {@code __metadata__} is reserved
     * @param metadata string pairs for {@code __metadata__}; null or empty writes none
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        write(file, tensors, Map.of(), metadata);
    }

    /**
     * Writes float32 tensors and int64 scalars (counters such as {@code num_batches_tracked}, stored as PyTorch
     * stores them: rank-0 {@code I64}), atomically.
     *
     * @param file the target; a previous file stays intact when writing fails
     * @param tensors float32 tensors by name
     * @param counters int64 scalars by name; names must differ from the tensors'
     * @param metadata string pairs for {@code __metadata__}; null or empty writes none
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, Long> counters,
                             Map<String, String> metadata) {
        Map<String, Object> sorted = sorted(tensors, counters);
        byte[] header = header(sorted, metadata);
        AtomicFiles.write(file, out -> writeTo(out, header, sorted));
    }

    /**
     * Writes host arrays as F32 tensors, atomically (see {@link AtomicFiles}): for state that is not in a backend's
     * tensors, such as a training state's snapshots.
     *
     * @param file the target; a previous file stays intact when writing fails
     * @param arrays by name; each array's length must equal its shape's size (the dtype field is ignored)
     * @param metadata string pairs for {@code __metadata__}; null or empty writes none
     */
    public static void writeArrays(Path file, Map<String, StoredTensor> arrays, Map<String, String> metadata) {
        arrays.forEach((name, a) -> {
            if (a.values().length != a.shape().size()) {
                throw new CheckpointException("Array '" + name + "' has " + a.values().length + " values but shape "
                        + a.shape() + "; give it a shape of the same size");
            }
        });
        Map<String, Object> sorted = sorted(arrays, Map.of());
        byte[] header = header(sorted, metadata);
        AtomicFiles.write(file, out -> writeTo(out, header, sorted));
    }

    /**
     * {@return the whole file's bytes}
     *
     * @param tensors by name
     * @param metadata string pairs for {@code __metadata__}; null or empty writes none
     */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return encode(tensors, Map.of(), metadata);
    }

    /**
     * {@return the whole file's bytes, as {@link #write(Path, Map, Map, Map)} writes them}
     *
     * @param tensors float32 tensors by name
     * @param counters int64 scalars by name; names must differ from the tensors'
     * @param metadata string pairs for {@code __metadata__}; null or empty writes none
     */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, Long> counters,
                                Map<String, String> metadata) {
        Map<String, Object> sorted = sorted(tensors, counters);
        byte[] header = header(sorted, metadata);
        var out = new java.io.ByteArrayOutputStream();
        try {
            writeTo(out, header, sorted);
        } catch (IOException e) {
            throw new AssertionError("in-memory stream failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Tensors and counters in file order: each value is a {@link Tensor} or a {@link StoredTensor} (F32) or a
     * {@link Long} (I64).
     */
    private static Map<String, Object> sorted(Map<String, ?> tensors, Map<String, Long> counters) {
        Map<String, Object> sorted = new TreeMap<>(BYTE_ORDER);
        java.util.function.BiConsumer<String, Object> add = (name, value) -> {
            if (name.isEmpty() || name.equals("__metadata__")) {
                throw new CheckpointException("Tensor name '" + name + "' cannot be stored in safetensors: names "
                        + "must be non-empty and '__metadata__' is reserved");
            }
            requireUtf8("Tensor name", name);
            if (sorted.put(name, value) != null) {
                throw new CheckpointException("Tensor name '" + name + "' is given twice; names must be unique");
            }
        };
        tensors.forEach(add);
        counters.forEach(add);
        return sorted;
    }

    /**
     * Refuses text that UTF-8 cannot hold: an unpaired surrogate would be written as '?' and read back as another
     * name, silently.
     */
    private static void requireUtf8(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CheckpointException(what + " '" + text + "' cannot be stored in safetensors: its character "
                        + i + " (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") is half of a "
                        + "UTF-16 surrogate pair, which the file's UTF-8 header cannot hold; use valid Unicode text");
            }
        }
    }

    private static void writeTo(OutputStream out, byte[] header, Map<String, Object> sorted) throws IOException {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        for (Object item : sorted.values()) {
            if (item instanceof Long count) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(count).array());
                continue;
            }
            // read one tensor at a time: a device backend copies it out here
            float[] values = item instanceof StoredTensor stored ? stored.values() : ((Tensor) item).toArray();
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(values);
            out.write(buf.array());
        }
    }

    /** The padded JSON header for tensors already in file order. */
    static byte[] header(Map<String, Object> sorted, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            Map<String, String> ordered = new TreeMap<>(BYTE_ORDER);
            ordered.putAll(metadata);
            boolean first = true;
            for (var e : ordered.entrySet()) {
                requireUtf8("Metadata key", e.getKey());
                requireUtf8("Metadata value", e.getValue());
                json.append(first ? "" : ",");
                appendString(json, e.getKey()).append(':');
                appendString(json, e.getValue());
                first = false;
            }
            json.append('}');
        }
        long offset = 0;
        for (var e : sorted.entrySet()) {
            json.append(json.length() > 1 ? "," : "");
            boolean counter = e.getValue() instanceof Long;
            appendString(json, e.getKey()).append(counter ? ":{\"dtype\":\"I64\",\"shape\":[" : ":{\"dtype\":\"F32\",\"shape\":[");
            int[] dims = counter ? new int[0] : shape(e.getValue()).toArray();
            for (int i = 0; i < dims.length; i++) {
                json.append(i > 0 ? "," : "").append(dims[i]);
            }
            long end = offset + (counter ? 8L : 4L * shape(e.getValue()).size());
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    private static Shape shape(Object item) {
        return item instanceof StoredTensor stored ? stored.shape() : ((Tensor) item).shape();
    }

    /** Escapes like serde_json and Python's json with ensure_ascii=False: quotes, backslash, control chars. */
    private static StringBuilder appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /**
     * Reads and validates a whole file.
     *
     * @param file a safetensors file
     * @return its tensors (converted to float32) and metadata
     * @throws CheckpointException naming the file, tensor and byte offset when the file is missing, truncated,
     *                             has a bad header, or has inconsistent offsets
     */
    public static SafetensorsFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("Checkpoint " + file + " does not exist", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new CheckpointException("Cannot read checkpoint " + file + ": " + e, e);
        }
        return decode(bytes, file.toString());
    }

    /**
     * {@return its tensors (converted to float32) and metadata}
     *
     * @param bytes a whole safetensors file
     * @param source the file name for messages
     */
    public static SafetensorsFile decode(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new CheckpointException(source + " is truncated: it has " + bytes.length + " bytes, but a "
                    + "safetensors file starts with an 8-byte header length at offset 0");
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER) {
            throw new CheckpointException(source + " has a bad header: the header length at offset 0 is "
                    + Long.toUnsignedString(n) + " bytes, more than the " + MAX_HEADER + " allowed; this is not a "
                    + "safetensors file, or it is corrupt");
        }
        if (8 + n > bytes.length) {
            throw new CheckpointException(source + " is truncated: its JSON header runs from offset 8 to " + (8 + n)
                    + ", but the file has only " + bytes.length + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(source + " has a bad header: the " + n + " bytes at offset 8 are not "
                    + "UTF-8 text; this is not a safetensors file, or it is corrupt", e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw new CheckpointException(source + " has a bad header: the JSON at offset 8 is malformed ("
                    + e.getMessage() + ")", e);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new CheckpointException(source + " has a bad header: the JSON at offset 8 must be an object of "
                    + "tensor entries, got " + describe(parsed));
        }
        long dataStart = 8 + n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (var e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                readMetadata(e.getValue(), metadata, source);
            } else {
                entries.add(entry(name, e.getValue(), source));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (Entry en : entries) {
            if (en.begin != expected) {
                throw new CheckpointException(source + ": tensor '" + en.name + "' has data_offsets [" + en.begin
                        + ", " + en.end + ") but the data section must be covered contiguously; expected it to "
                        + "start at " + expected + " (file offset " + (dataStart + expected) + ")");
            }
            if (dataStart + en.end > bytes.length) {
                throw new CheckpointException(source + " is truncated: tensor '" + en.name + "' needs bytes "
                        + (dataStart + en.begin) + " to " + (dataStart + en.end) + " of the file, but the file has "
                        + "only " + bytes.length + " bytes");
            }
            tensors.put(en.name, new StoredTensor(en.dtype, en.shape,
                    convert(bytes, (int) (dataStart + en.begin), en.dtype, en.shape.size())));
            expected = en.end;
        }
        if (dataStart + expected != bytes.length) {
            throw new CheckpointException(source + " has " + (bytes.length - dataStart - expected) + " bytes after "
                    + "the last tensor (data ends at file offset " + (dataStart + expected) + ", the file has "
                    + bytes.length + " bytes); the header does not describe the whole file");
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private record Entry(String name, String dtype, Shape shape, long begin, long end) {
    }

    private static void readMetadata(Object value, Map<String, String> metadata, String source) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(source + " has a bad header: __metadata__ must be an object of strings, "
                    + "got " + describe(value));
        }
        for (var m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw new CheckpointException(source + " has a bad header: __metadata__ value for '" + m.getKey()
                        + "' must be a string, got " + describe(m.getValue()));
            }
            metadata.put((String) m.getKey(), s);
        }
    }

    private static Entry entry(String name, Object value, String source) {
        String where = source + " has a bad header entry for tensor '" + name + "': ";
        if (!(value instanceof Map<?, ?> info)) {
            throw new CheckpointException(where + "expected an object with dtype, shape and data_offsets, got "
                    + describe(value));
        }
        if (!(info.get("dtype") instanceof String dtype)) {
            throw new CheckpointException(where + "dtype must be a string such as \"F32\", got "
                    + describe(info.get("dtype")));
        }
        Integer width = DTYPE_BYTES.get(dtype);
        if (width == null) {
            throw new CheckpointException(where + "dtype " + dtype + " is not supported; nn reads "
                    + new TreeMap<>(DTYPE_BYTES).keySet() + " (convert the tensor to float32 before saving)");
        }
        if (!(info.get("shape") instanceof List<?> dimList)) {
            throw new CheckpointException(where + "shape must be a list of sizes, got " + describe(info.get("shape")));
        }
        int[] dims = new int[dimList.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!(dimList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new CheckpointException(where + "shape entry " + i + " must be a non-negative integer, got "
                        + describe(dimList.get(i)));
            }
            dims[i] = (int) (long) d;
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new CheckpointException(where + "shape " + dimList + " holds more than "
                        + Integer.MAX_VALUE + " values, more than one nn tensor can hold");
            }
        }
        if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
                || begin < 0 || end < begin) {
            throw new CheckpointException(where + "data_offsets must be [begin, end] with 0 <= begin <= end, got "
                    + describe(info.get("data_offsets")));
        }
        if (end - begin != count * width) {
            throw new CheckpointException(where + "shape " + dimList + " of " + dtype + " needs " + count * width
                    + " bytes but data_offsets [" + begin + ", " + end + ") span " + (end - begin));
        }
        return new Entry(name, dtype, Shape.of(dims), begin, end);
    }

    private static float[] convert(byte[] bytes, int offset, String dtype, int count) {
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset, count * DTYPE_BYTES.get(dtype)).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        switch (dtype) {
            case "F32" -> buf.asFloatBuffer().get(out);
            case "F64" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) buf.getDouble();
                }
            }
            case "I32" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = buf.getInt();
                }
            }
            case "I64" -> {
                for (int i = 0; i < count; i++) {
                    out[i] = buf.getLong();
                }
            }
            default -> throw new IllegalStateException("dtype checked before: " + dtype);
        }
        return out;
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v instanceof String s ? "\"" + s + "\"" : v.toString();
    }
}
