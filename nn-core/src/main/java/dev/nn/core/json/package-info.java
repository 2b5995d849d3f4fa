/**
 * A small strict JSON reader and writer (RFC 8259) for golden files, safetensors headers and metrics reports, so
 * nn needs no JSON library.
 */
package dev.nn.core.json;
