package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;

import java.util.Map;

/**
 * {@code scalar.int8}: ggml's semantics in plain Java. Activations are quantized once per call to the weight
 * format's vec-dot type (q8_0, q8_1, q8_K) with ggml's CPU quantizer; integer dot products within blocks;
 * per-block float scales; the float accumulation follows the order of ggml's x86 kernels so results are
 * bit-identical to llama.cpp's CPU backend.
 */
public final class ScalarInt8Kernel extends RowDotKernel {

    public ScalarInt8Kernel() {
        super("scalar.int8", "ggml's integer dot products in ggml's order, plain Java", ActivationMode.QUANTIZED, 20);
    }

    @Override
    protected Map<GgmlType, Int8RowDot> int8RowDots() {
        return ScalarInt8Dots.TABLE;
    }
}
