package dev.chord.api.cache;

import java.util.Optional;
import java.util.function.IntToLongFunction;

/**
 * What a prefetcher is told about the workload.
 *
 * @param layerCount  layers of the model (keys 0 .. layerCount-1)
 * @param schedule    the execution order, if the workload declares one
 * @param layerBytes  bytes of each layer
 * @param args        the part of the prefetch spec after the colon ({@code "3"} for {@code next-k:3}), or ""
 */
public record PrefetchContext(int layerCount, Optional<LayerSchedule> schedule, IntToLongFunction layerBytes,
                              String args) {
}
