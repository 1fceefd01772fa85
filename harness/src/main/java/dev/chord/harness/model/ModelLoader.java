package dev.chord.harness.model;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.model.Architecture;
import dev.chord.api.model.LanguageModel;
import dev.chord.api.model.ModelResources;
import dev.chord.api.plugin.PluginRegistry;
import dev.chord.api.weights.WeightProvider;
import dev.chord.gguf.GgufFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/** Opens a GGUF model: picks its architecture, its weight provider and kernels, and builds the runnable model. */
public final class ModelLoader {

    private static volatile PluginRegistry<Architecture> architectures;

    private ModelLoader() {
    }

    /** The architectures found by ServiceLoader. */
    public static PluginRegistry<Architecture> architectures() {
        PluginRegistry<Architecture> r = architectures;
        if (r == null) {
            synchronized (ModelLoader.class) {
                r = architectures;
                if (r == null) {
                    r = PluginRegistry.load("architecture", Architecture.class);
                    architectures = r;
                }
            }
        }
        return r;
    }

    /** How to run a model. */
    public record Options(int threads, String kernel, int contextLength, int maxBatch) {
        public static Options defaults() {
            return new Options(1, null, 0, 64);
        }

        public Options withThreads(int t) {
            return new Options(t, kernel, contextLength, maxBatch);
        }
    }

    /**
     * Opens {@code path} with every weight mapped ({@link dev.chord.cache.stream.AllResidentWeightProvider}).
     */
    public static LoadedModel open(Path path, Options options) throws IOException {
        return open(path, options, dev.chord.cache.stream.AllResidentWeightProvider::new);
    }

    /**
     * Opens {@code path} with the weight provider {@code weights} builds from the file (streaming providers
     * from cache-strategies, or the mapped one).
     */
    public static LoadedModel open(Path path, Options options, Function<GgufFile, WeightProvider> weights)
            throws IOException {
        return open(path, options, weights, MatmulKernels.registry());
    }

    /** Opens {@code path} choosing kernels from {@code kernels} (tests, experiments with custom kernels). */
    public static LoadedModel open(Path path, Options options, Function<GgufFile, WeightProvider> weights,
                                   PluginRegistry<dev.chord.api.kernel.MatmulKernel> kernels) throws IOException {
        GgufFile file = GgufFile.open(path);
        ChordExecutor executor = null;
        WeightProvider provider = null;
        try {
            String archName = file.metadata().findString("general.architecture").orElseThrow(() ->
                    new IllegalArgumentException(path + ": no general.architecture key; not a model file"));
            Architecture arch = architectures().find(archName).orElseThrow(() -> new IllegalArgumentException(
                    path + ": unsupported architecture '" + archName + "'; supported: "
                            + String.join(", ", architectures().names())));
            if (options.threads() < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + options.threads());
            }
            executor = ChordExecutor.create(options.threads());
            provider = weights.apply(file);
            KernelBinder binder = new KernelBinder(kernels, options.kernel(), executor);
            LanguageModel model = arch.load(new ModelResources(file.metadata(), provider, binder, executor,
                    options.contextLength(), options.maxBatch()));
            return new LoadedModel(path, file, model, binder, executor, provider);
        } catch (RuntimeException | Error e) {
            if (provider != null) {
                provider.close();
            }
            if (executor != null) {
                executor.close();
            }
            file.close();
            throw e;
        }
    }
}
