package dev.chord.cache;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.WeightSource;
import dev.chord.api.weights.WeightProvider;
import dev.chord.cache.stream.AllResidentWeightProvider;
import dev.chord.cache.stream.ModelLayout;
import dev.chord.cache.stream.StreamingWeightProvider;
import dev.chord.gguf.GgufFile;

import java.io.IOException;

/** The factory the command line calls: the right {@link WeightProvider} for a model and options. */
public final class WeightProviders {
    private static final System.Logger LOG = System.getLogger(WeightProviders.class.getName());

    private WeightProviders() {
    }

    /**
     * Without a budget and with {@code mmap} storage: the {@link AllResidentWeightProvider} (the file's
     * mapping, nothing streamed). Otherwise a {@link StreamingWeightProvider} reading {@code file}'s path
     * through the storage, budgeted (no budget: room for everything). The caller keeps {@code file} open for
     * the provider's life.
     */
    public static WeightProvider open(GgufFile file, CacheOptions options) throws IOException {
        if (options.budget().isEmpty() && options.storage().name().equals("mmap")) {
            return new AllResidentWeightProvider(file);
        }
        return openStreaming(file, options);
    }

    /** Always a {@link StreamingWeightProvider}, even without a budget (to measure storage alone). */
    public static StreamingWeightProvider openStreaming(GgufFile file, CacheOptions options) throws IOException {
        ModelLayout layout = ModelLayout.of(file);
        WeightSource source = options.storage().open(file.path());
        try {
            long sum = 0;
            for (int i = 0; i < layout.layerCount(); i++) {
                sum += source.footprint(layout.extents(layout.layer(i)));
            }
            long layerBytes = sum;
            long pinned = layout.globals().isEmpty() ? 0 : source.footprint(layout.extents(layout.globals()));
            long budget = options.budget().map(b -> b.resolve(layerBytes, pinned)).orElse(pinned + layerBytes);
            LOG.log(System.Logger.Level.DEBUG, "streaming {0}: budget {1} ({2} pinned, {3} of layers), storage {4}, "
                    + "policy {5}, prefetch {6}", file.path(), ByteBudget.format(budget), ByteBudget.format(pinned),
                    ByteBudget.format(layerBytes), source.spec(), options.policy(), options.prefetch());
            return new StreamingWeightProvider(layout, source, budget,
                    CacheRegistries.policies().require(options.policy()),
                    CacheRegistries.prefetchers().require(options.prefetch()), options.prefetchArgs(),
                    options.prefetchThreads(), options.recordTrace(), options.seed());
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
