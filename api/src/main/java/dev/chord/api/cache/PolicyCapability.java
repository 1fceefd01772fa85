package dev.chord.api.cache;

/**
 * What an {@link EvictionPolicy} uses or needs. A workload that cannot supply a need (no future, no layer
 * order) makes the policy unusable for it; {@link EvictionPolicy#unmetNeed} says why.
 */
public enum PolicyCapability {
    /** Weighs entries by their bytes (a byte-budgeted cache works with any policy; this one decides by size). */
    BYTE_WEIGHTED,
    /** Needs the whole future access sequence: only a simulation of a known trace has it (an offline bound). */
    NEEDS_FUTURE,
    /** Needs the layer execution order, which a forward pass knows online (cyclic over the layers). */
    NEEDS_SCHEDULE,
    /** Uses the measured reload time of each entry. */
    USES_LOAD_COST,
    /** Draws random numbers from the context's seed. */
    RANDOMIZED
}
