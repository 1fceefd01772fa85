package dev.chord.harness.plugins;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.kernel.F16VecOps;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.plugin.PluginRegistry;
import dev.chord.api.quant.QuantFormats;

import java.util.List;

/** Every SPI Chord discovers, in the order {@code chord list} prints them. */
public final class ChordPlugins {
    private ChordPlugins() {
    }

    public static List<PluginRegistry<?>> all() {
        return List.of(
                QuantFormats.defaults().registry(),
                MatmulKernels.registry(),
                F16VecOps.registry(),
                dev.chord.harness.model.ModelLoader.architectures(),
                CacheRegistries.storages(),
                CacheRegistries.policies(),
                CacheRegistries.prefetchers());
    }
}
