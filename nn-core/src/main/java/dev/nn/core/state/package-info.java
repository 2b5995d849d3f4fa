/** Model state: named parameters and buffers, saved and loaded in the safetensors format, atomically. */
package dev.nn.core.state;
