package dev.chord.api.kernel;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.plugin.PluginException;
import dev.chord.api.plugin.PluginRegistry;

import java.util.Comparator;
import java.util.Optional;

/** Discovery and selection of {@link MatmulKernel}s: a forced one, or the best available per format. */
public final class MatmulKernels {

    private static final System.Logger LOG = System.getLogger(MatmulKernels.class.getName());
    private static volatile PluginRegistry<MatmulKernel> defaults;

    private MatmulKernels() {
    }

    /** The kernels found by {@link java.util.ServiceLoader}, loaded once. */
    public static PluginRegistry<MatmulKernel> registry() {
        PluginRegistry<MatmulKernel> r = defaults;
        if (r == null) {
            synchronized (MatmulKernels.class) {
                r = defaults;
                if (r == null) {
                    r = PluginRegistry.load("kernel", MatmulKernel.class);
                    defaults = r;
                }
            }
        }
        return r;
    }

    /**
     * The kernel to use for {@code type}: the one named by {@code forced} (flag) or {@code -Dchord.kernel},
     * which must support the type, else the available kernel with the highest preference that does.
     */
    public static MatmulKernel select(PluginRegistry<MatmulKernel> registry, GgmlType type, String forced) {
        return select(registry, type, forced, false);
    }

    /**
     * As {@link #select(PluginRegistry, GgmlType, String)}, ranking by {@link MatmulKernel#batchPreference} when
     * {@code batched}: the kernel for matrix-matrix products over many activation rows.
     */
    public static MatmulKernel select(PluginRegistry<MatmulKernel> registry, GgmlType type, String forced, boolean batched) {
        Optional<MatmulKernel> f = registry.forced(forced);
        if (f.isPresent()) {
            MatmulKernel k = f.get();
            if (!k.supports(type)) {
                throw new PluginException("kernel '" + k.name() + "' does not support " + type.ggmlName()
                        + "; it supports " + k.formats());
            }
            return k;
        }
        var candidates = registry.available().stream().filter(k -> k.supports(type))
                .sorted(Comparator.comparingInt((MatmulKernel k) -> rank(k, type, batched)).reversed()).toList();
        if (candidates.isEmpty()) {
            throw new PluginException("no available kernel supports " + type.ggmlName() + "; kernels: " + registry.table());
        }
        MatmulKernel best = candidates.get(0);
        LOG.log(System.Logger.Level.DEBUG, "auto {0}kernel for {1}: {2} (rank {3}; then {4})", batched ? "batch " : "",
                type.ggmlName(), best.name(), rank(best, type, batched), candidates.stream().skip(1)
                        .map(k -> k.name() + " " + rank(k, type, batched)).toList());
        return best;
    }

    private static int rank(MatmulKernel k, GgmlType type, boolean batched) {
        return batched ? k.batchPreference(type) : k.preference(type);
    }
}
