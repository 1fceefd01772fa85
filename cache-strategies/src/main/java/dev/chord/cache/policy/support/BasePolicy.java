package dev.chord.cache.policy.support;

import dev.chord.api.cache.EvictionPolicy;
import dev.chord.api.cache.PolicyCapability;

import java.util.EnumSet;
import java.util.Set;

/** The plugin side of a policy: name, one-line description, reference and capabilities. */
public abstract class BasePolicy implements EvictionPolicy {
    private final String name;
    private final String description;
    private final String reference;
    private final Set<PolicyCapability> capabilities;

    protected BasePolicy(String name, String description, String reference, PolicyCapability... capabilities) {
        this.name = name;
        this.description = description;
        this.reference = reference;
        EnumSet<PolicyCapability> caps = EnumSet.noneOf(PolicyCapability.class);
        caps.addAll(Set.of(capabilities));
        this.capabilities = Set.copyOf(caps);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description + " [" + reference + "]";
    }

    @Override
    public final String reference() {
        return reference;
    }

    @Override
    public final Set<PolicyCapability> capabilities() {
        return capabilities;
    }

    @Override
    public String toString() {
        return name;
    }
}
