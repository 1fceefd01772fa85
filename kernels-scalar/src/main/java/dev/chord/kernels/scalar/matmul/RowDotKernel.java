package dev.chord.kernels.scalar.matmul;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A kernel made of one row-dot implementation per weight format; the threading, tiling over activation
 * rows, argument checks and (for integer kernels) the activation quantization are shared in
 * {@link RowDotMatmul}. Scalar and vector kernel families both build on it, so they differ only in their
 * per-format inner loops.
 */
public abstract class RowDotKernel implements MatmulKernel {

    private final String name;
    private final String description;
    private final ActivationMode mode;
    private final int preference;
    private volatile Set<GgmlType> formats;
    private volatile Map<GgmlType, Int8RowDot> int8Dots;

    protected RowDotKernel(String name, String description, ActivationMode mode, int preference) {
        this.name = name;
        this.description = description;
        this.mode = mode;
        this.preference = preference;
    }

    /** F32-activation row dots by weight format (for {@link ActivationMode#F32} kernels). */
    protected Map<GgmlType, F32RowDot> f32RowDots() {
        return Map.of();
    }

    /** Integer row dots by weight format (for {@link ActivationMode#QUANTIZED} kernels). */
    protected Map<GgmlType, Int8RowDot> int8RowDots() {
        return Map.of();
    }

    /**
     * The F32 product used for batches of at least {@link RowDotMatmul#panelMinBatch()} activation rows on
     * weights dequantized once per call, or null to use the row dots at every batch size.
     */
    protected PanelGemm panelGemm() {
        return null;
    }

    /**
     * The integer row dot for a product of a {@code weightRows}-row {@code type} matrix with {@code batch}
     * activation rows: the format's entry of {@link #int8RowDots()}. A kernel whose arithmetic depends on the
     * shape, as ggml's does, overrides this.
     */
    protected Int8RowDot int8RowDot(GgmlType type, int weightRows, int batch) {
        return int8Dots().get(type);
    }

    /** {@link #int8RowDots()}, built once: asked for on every call, a fresh map was 560 bytes per call. */
    private Map<GgmlType, Int8RowDot> int8Dots() {
        Map<GgmlType, Int8RowDot> m = int8Dots;
        if (m == null) {
            m = int8RowDots();
            int8Dots = m;
        }
        return m;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * Computed once: the driver checks the format on every call ({@code supports}), and a fresh set per call
     * was most of scalar.fused's allocation per call.
     */
    @Override
    public Set<GgmlType> formats() {
        Set<GgmlType> f = formats;
        if (f == null) {
            Map<GgmlType, ?> m = mode == ActivationMode.F32 ? f32RowDots() : int8Dots();
            f = m.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(m.keySet()));
            formats = f;
        }
        return f;
    }

    @Override
    public ActivationMode activationMode() {
        return mode;
    }

    @Override
    public boolean fused() {
        return true;
    }

    @Override
    public int preference() {
        return preference;
    }

    @Override
    public Matmul bind(ChordExecutor executor) {
        return new RowDotMatmul(this, executor, f32RowDots());
    }
}
