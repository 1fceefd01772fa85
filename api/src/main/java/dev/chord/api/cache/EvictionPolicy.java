package dev.chord.api.cache;

import dev.chord.api.plugin.Plugin;

import java.util.Optional;
import java.util.Set;

/**
 * A cache eviction policy, named {@code family.Name} ({@code basic.Lru}, {@code modern.S3Fifo},
 * {@code opt.Belady}). The plugin is a factory: every cache gets its own {@link Evictor} with its own state.
 *
 * <p>Capabilities are declared, so a caller can tell before running whether a policy fits a workload: a
 * policy that {@linkplain PolicyCapability#NEEDS_FUTURE needs the future} cannot drive a live run, and
 * {@link #unmetNeed} says so in a sentence.
 */
public interface EvictionPolicy extends Plugin {

    Set<PolicyCapability> capabilities();

    /** The paper or source the policy follows, for reports ("Megiddo and Modha, FAST 2003"). */
    String reference();

    /** A fresh policy state for one cache. */
    Evictor create(PolicyContext context);

    /** Empty if {@code context} supplies everything this policy needs, else why not. */
    default Optional<String> unmetNeed(PolicyContext context) {
        Set<PolicyCapability> caps = capabilities();
        if (caps.contains(PolicyCapability.NEEDS_FUTURE) && context.future().isEmpty()) {
            return Optional.of("needs the future access sequence, known only when simulating a recorded trace "
                    + "or a model's decode order (chord cache-sim)");
        }
        if (caps.contains(PolicyCapability.NEEDS_SCHEDULE) && context.schedule().isEmpty()) {
            return Optional.of("needs the layer execution order, which this workload does not declare "
                    + "(a trace that is not a repeated layer sequence)");
        }
        return Optional.empty();
    }
}
