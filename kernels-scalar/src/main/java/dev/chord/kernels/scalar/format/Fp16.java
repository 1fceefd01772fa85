package dev.chord.kernels.scalar.format;

/**
 * IEEE binary16 ({@code ggml_half}) conversions as ggml performs them.
 *
 * <p>Finite values and infinities: {@link Float#floatToFloat16} rounds to nearest, ties to even, with
 * gradual underflow and overflow to infinity, exactly like F16C's {@code vcvtps2ph} (imm 0) and ggml's
 * portable {@code ggml_compute_fp32_to_fp16} (ggml-impl.h). The two differ only for NaN, which is why there
 * are two encoders here.
 */
final class Fp16 {
    private static final int FLOAT_QUIET_BIT = 0x0040_0000;

    private Fp16() {
    }

    /**
     * {@code GGML_FP16_TO_FP32}: exact; a NaN comes out quiet with its payload (ggml's conversion passes it
     * through a float multiplication, which quiets a signalling NaN).
     */
    static float toFloat(short h) {
        float f = Float.float16ToFloat(h);
        if (f != f) {
            return Float.intBitsToFloat(Float.floatToRawIntBits(f) | FLOAT_QUIET_BIT);
        }
        return f;
    }

    /**
     * {@code GGML_FP32_TO_FP16} of ggml's base library ({@code ggml_compute_fp32_to_fp16}): every NaN becomes
     * the canonical quiet NaN {@code 0x7E00} with the input's sign.
     */
    static short fromFloat(float f) {
        if (f != f) {
            return (short) (((Float.floatToRawIntBits(f) >>> 16) & 0x8000) | 0x7E00);
        }
        return Float.floatToFloat16(f);
    }

    /**
     * F16C's {@code vcvtps2ph} as ggml's CPU backend uses it for activations ({@code ggml_cpu_fp32_to_fp16}):
     * a NaN keeps its sign and the top ten payload bits and is made quiet.
     */
    static short fromFloatF16c(float f) {
        if (f != f) {
            int bits = Float.floatToRawIntBits(f);
            return (short) (((bits >>> 16) & 0x8000) | 0x7C00 | 0x0200 | ((bits >>> 13) & 0x03FF));
        }
        return Float.floatToFloat16(f);
    }
}
