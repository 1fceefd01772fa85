package dev.chord.api.plugin;

import java.util.Optional;

/**
 * Something Chord discovers with {@link java.util.ServiceLoader}: a quant format, a matmul kernel,
 * an eviction policy, a prefetch strategy, a storage backend.
 *
 * <p>Provider contract (every SPI in {@code dev.chord.api} extends this):
 * <ul>
 *   <li>a public no-argument constructor that never fails because of the machine it runs on: a
 *       provider that cannot run here still loads, and says why in {@link #unavailableReason()};</li>
 *   <li>a stable {@link #name()}, unique within its SPI, matched case-insensitively
 *       (kernels {@code family.variant}, policies {@code family.Name});</li>
 *   <li>{@link #unavailableReason()} empty when it can run, otherwise one sentence a user can act on
 *       ("needs 256-bit vectors, this JVM prefers 128: run on an AVX2 machine or pass --vector-bits 128").</li>
 * </ul>
 */
public interface Plugin {

    /** The name users type to select this plugin. */
    String name();

    /** One line on what this plugin is, for {@code chord list}. */
    default String description() {
        return "";
    }

    /** Empty if this plugin can run in this JVM on this machine, else why not. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    default boolean isAvailable() {
        return unavailableReason().isEmpty();
    }
}
