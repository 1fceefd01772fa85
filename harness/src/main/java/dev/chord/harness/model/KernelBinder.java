package dev.chord.harness.model;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.model.MatmulProvider;
import dev.chord.api.plugin.PluginException;
import dev.chord.api.plugin.PluginRegistry;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Chooses a kernel per weight type (the forced one, or the best available) and keeps one binding per
 * kernel, so scratch space is shared by every tensor the kernel handles.
 */
public final class KernelBinder implements MatmulProvider {

    private static final System.Logger LOG = System.getLogger(KernelBinder.class.getName());

    private final PluginRegistry<MatmulKernel> registry;
    private final String forced;
    private final ChordExecutor executor;
    private final Map<GgmlType, Matmul> byType = new EnumMap<>(GgmlType.class);
    private final Map<String, Matmul> byKernel = new HashMap<>();

    public KernelBinder(PluginRegistry<MatmulKernel> registry, String forced, ChordExecutor executor) {
        this.registry = registry;
        this.forced = forced;
        this.executor = executor;
    }

    @Override
    public Matmul forType(GgmlType type, String tensorName) {
        Matmul m = byType.get(type);
        if (m == null) {
            MatmulKernel k;
            try {
                k = MatmulKernels.select(registry, type, forced);
            } catch (PluginException e) {
                throw new PluginException(tensorName + " (" + type.ggmlName() + "): " + e.getMessage());
            }
            m = byKernel.computeIfAbsent(k.name(), n -> k.bind(executor));
            byType.put(type, m);
            LOG.log(System.Logger.Level.DEBUG, "{0} weights use kernel {1}", type.ggmlName(), k.name());
        }
        return m;
    }

    /** Kernel chosen per weight type so far, for reports ("q4_K=vector.int8, q6_K=vector.int8"). */
    public Map<GgmlType, String> choices() {
        Map<GgmlType, String> out = new EnumMap<>(GgmlType.class);
        byType.forEach((t, m) -> out.put(t, m.kernel().name()));
        return out;
    }
}
