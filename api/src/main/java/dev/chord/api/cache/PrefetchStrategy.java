package dev.chord.api.cache;

import dev.chord.api.plugin.Plugin;

import java.util.Optional;

/**
 * A prefetch strategy ({@code none}, {@code next-k}, ...): a factory of {@link Prefetcher}s. The cache runs
 * the prefetches on its own thread(s), overlapping the forward pass.
 */
public interface PrefetchStrategy extends Plugin {

    /** Whether this strategy follows the declared layer execution order. */
    default boolean needsSchedule() {
        return false;
    }

    /**
     * A fresh prefetcher for one run.
     *
     * @throws IllegalArgumentException if {@code context.args()} is malformed, naming what was expected
     */
    Prefetcher create(PrefetchContext context);

    /** Empty if {@code context} supplies what this strategy needs, else why not. */
    default Optional<String> unmetNeed(PrefetchContext context) {
        if (needsSchedule() && context.schedule().isEmpty()) {
            return Optional.of("needs the layer execution order, which this workload does not declare");
        }
        return Optional.empty();
    }
}
