package dev.chord.api.cache;

import java.util.Optional;

/**
 * What a cache tells the eviction policy it creates.
 *
 * @param capacityBytes the budget for the entries the policy manages (pinned entries excluded)
 * @param keyCountHint  how many distinct keys to expect (layers of a model, objects of a trace); sizes
 *                      sketches and ghost lists, never a hard limit
 * @param seed          for randomized policies, so runs are reproducible
 * @param future        the exact next use of every key, when the whole access sequence is known
 *                      (simulation of a trace or of a model's decode order)
 * @param schedule      the layer execution order, when the workload is a forward pass
 */
public record PolicyContext(long capacityBytes, int keyCountHint, long seed, Optional<NextUse> future,
                            Optional<LayerSchedule> schedule) {

    public PolicyContext {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("cache capacity must be positive, got " + capacityBytes);
        }
        keyCountHint = Math.max(1, keyCountHint);
    }

    /** A context knowing neither the future nor the schedule. */
    public static PolicyContext online(long capacityBytes, int keyCountHint, long seed) {
        return new PolicyContext(capacityBytes, keyCountHint, seed, Optional.empty(), Optional.empty());
    }

    public PolicyContext withFuture(NextUse f) {
        return new PolicyContext(capacityBytes, keyCountHint, seed, Optional.of(f), schedule);
    }

    public PolicyContext withSchedule(LayerSchedule s) {
        return new PolicyContext(capacityBytes, keyCountHint, seed, future, Optional.of(s));
    }
}
