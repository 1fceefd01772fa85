package dev.chord.harness.cli;

import dev.chord.api.weights.WeightProvider;
import dev.chord.cache.CacheOptions;
import dev.chord.cache.WeightProviders;
import dev.chord.gguf.GgufFile;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.model.ModelLoader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;

/** How to run a model: threads, kernel, context, batch, and where the weights come from. */
final class ModelOptions {

    @Option(names = "--threads", defaultValue = "1", description = "Worker threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--kernel", description = "Force a matmul kernel (default: the best available per format; see chord list).")
    String kernel;

    @Option(names = "--ctx", defaultValue = "0", description = "KV-cache capacity in tokens (default: the model's context length, at most 4096).")
    int ctx;

    @Option(names = "--batch", defaultValue = "64", description = "Prompt tokens per forward call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--budget", description = "Weight memory budget: bytes (512M, 2G) or percent of the layer bytes (25%%). "
            + "Without it every weight stays mapped.")
    String budget;

    @Option(names = "--storage", description = "With --budget: read | mmap | throttled:MBps,ms (default read).")
    String storage;

    @Option(names = "--policy", description = "With --budget: eviction policy (default opt.Schedule; see chord list).")
    String policy;

    @Option(names = "--prefetch", description = "With --budget: prefetch strategy (default next-k; see chord list).")
    String prefetch;

    boolean streaming() {
        return budget != null;
    }

    ModelLoader.Options loaderOptions() {
        return new ModelLoader.Options(threads, kernel, ctx, batch);
    }

    LoadedModel open(Path model) throws IOException {
        if (!streaming() && (storage != null || policy != null || prefetch != null)) {
            throw new IllegalArgumentException("--storage, --policy and --prefetch need --budget");
        }
        Function<GgufFile, WeightProvider> weights;
        if (streaming()) {
            CacheOptions co = CacheOptions.parse(budget, storage, policy, prefetch);
            weights = f -> {
                try {
                    return WeightProviders.open(f, co);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        } else {
            weights = dev.chord.cache.stream.AllResidentWeightProvider::new;
        }
        return ModelLoader.open(model, loaderOptions(), weights);
    }
}
