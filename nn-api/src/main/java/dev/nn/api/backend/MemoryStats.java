package dev.nn.api.backend;

/**
 * What a backend's memory holds, for tests and reports.
 *
 * @param liveTensors allocations not yet freed
 * @param liveBytes their bytes
 * @param allocations allocations since the backend was created
 * @param allocatedBytes their bytes
 */
public record MemoryStats(long liveTensors, long liveBytes, long allocations, long allocatedBytes) {
}
