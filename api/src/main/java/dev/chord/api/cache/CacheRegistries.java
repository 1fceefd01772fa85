package dev.chord.api.cache;

import dev.chord.api.plugin.PluginRegistry;

/** The {@link java.util.ServiceLoader} registries of the weight-streaming SPIs, loaded once. */
public final class CacheRegistries {

    private CacheRegistries() {
    }

    private static final class Holder {
        static final PluginRegistry<EvictionPolicy> POLICIES = PluginRegistry.load("policy", EvictionPolicy.class);
        static final PluginRegistry<PrefetchStrategy> PREFETCH = PluginRegistry.load("prefetch", PrefetchStrategy.class);
        static final PluginRegistry<WeightStorage> STORAGE = PluginRegistry.load("storage", WeightStorage.class);
    }

    public static PluginRegistry<EvictionPolicy> policies() {
        return Holder.POLICIES;
    }

    public static PluginRegistry<PrefetchStrategy> prefetchers() {
        return Holder.PREFETCH;
    }

    public static PluginRegistry<WeightStorage> storages() {
        return Holder.STORAGE;
    }
}
