package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.kernels.scalar.int8.GgmlMulMatRoute;
import dev.chord.kernels.scalar.int8.GgmlWeightBuffer;

import java.util.Map;

/**
 * {@code scalar.int8}: ggml's semantics in plain Java, the reference for llama.cpp's numbers. Activations are
 * quantized once per call to the weight format's vec-dot type (q8_0, q8_1, q8_K) with ggml's CPU quantizer;
 * integer dot products within blocks; per-block float scales; the float arithmetic is that of the routine
 * llama.cpp's x86 CPU backend (AVX2/AVX-512 builds) runs for the same product ({@link GgmlMulMatRoute}), so
 * results are bit-identical to llama.cpp's. By default matrices are treated as llama.cpp places them
 * ({@link GgmlWeightBuffer#CPU_REPACK}); {@link GgmlWeightBuffer#CPU} reproduces a plain ggml graph.
 *
 * <p>A reference, not a fast path: it decodes every block for every activation row and emulates SIMD lanes
 * with small arrays.
 */
public final class ScalarInt8Kernel extends RowDotKernel {

    private final GgmlWeightBuffer buffer;

    /** Matrices placed as llama.cpp places them by default ({@link GgmlWeightBuffer#CPU_REPACK}). */
    public ScalarInt8Kernel() {
        this(GgmlWeightBuffer.CPU_REPACK);
    }

    public ScalarInt8Kernel(GgmlWeightBuffer buffer) {
        super("scalar.int8", "ggml's integer dot products in ggml's order (" + buffer + " buffers), plain Java",
                ActivationMode.QUANTIZED, 20);
        this.buffer = buffer;
    }

    public GgmlWeightBuffer buffer() {
        return buffer;
    }

    @Override
    protected Map<GgmlType, Int8RowDot> int8RowDots() {
        return ScalarInt8Dots.TABLE;
    }

    @Override
    protected Int8RowDot int8RowDot(GgmlType type, int weightRows, int batch) {
        return GgmlMulMatRoute.route(type, weightRows, batch, buffer);
    }
}
