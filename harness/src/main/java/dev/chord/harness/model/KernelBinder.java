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
 * kernel, so scratch space is shared by every tensor the kernel handles. Chosen automatically, a type may
 * get two: the best for matrix-vector products (decoding) and the best for batches (prompt processing).
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
            MatmulKernel decode;
            MatmulKernel batch;
            try {
                decode = MatmulKernels.select(registry, type, forced);
                batch = MatmulKernels.select(registry, type, forced, true);
            } catch (PluginException e) {
                throw new PluginException(tensorName + " (" + type.ggmlName() + "): " + e.getMessage());
            }
            Matmul d = byKernel.computeIfAbsent(decode.name(), n -> decode.bind(executor));
            Matmul b = byKernel.computeIfAbsent(batch.name(), n -> batch.bind(executor));
            m = d == b ? d : new Split(d, b);
            byType.put(type, m);
            LOG.log(System.Logger.Level.DEBUG, "{0} weights use kernel {1}", type.ggmlName(), describe(m));
        }
        return m;
    }

    /** Matrix-vector products through one kernel, batches through another. */
    private record Split(Matmul decode, Matmul batch) implements Matmul {
        @Override
        public MatmulKernel kernel() {
            return decode.kernel();
        }

        @Override
        public void matvec(dev.chord.api.tensor.WeightMatrix w, float[] x, int xOff, float[] y, int yOff) {
            decode.matvec(w, x, xOff, y, yOff);
        }

        @Override
        public void matmul(dev.chord.api.tensor.WeightMatrix w, float[] x, int batch, float[] y) {
            this.batch.matmul(w, x, batch, y);
        }
    }

    private static String describe(Matmul m) {
        return m instanceof Split s ? s.decode().kernel().name() + " (batches: " + s.batch().kernel().name() + ")"
                : m.kernel().name();
    }

    /** Kernel chosen per weight type so far, for reports ("q4_K=vector.int8, q6_K=vector.int8"). */
    public Map<GgmlType, String> choices() {
        Map<GgmlType, String> out = new EnumMap<>(GgmlType.class);
        byType.forEach((t, m) -> out.put(t, describe(m)));
        return out;
    }
}
