/** In-memory datasets, seeded shuffling and batching, IDX and CSV readers, feature standardization. */
package dev.nn.core.data;
