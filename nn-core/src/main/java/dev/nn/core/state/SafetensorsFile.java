package dev.nn.core.state;

import java.util.Map;

/**
 * The content of a safetensors file.
 *
 * @param tensors by name, in the file's data order
 * @param metadata the {@code __metadata__} string map (empty when absent)
 */
public record SafetensorsFile(Map<String, StoredTensor> tensors, Map<String, String> metadata) {
}
