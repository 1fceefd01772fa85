package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code f16}: IEEE binary16 ({@code ggml_half}), little-endian; dot products in f16
 * ({@code type_traits_cpu[GGML_TYPE_F16].vec_dot_type}).
 *
 * <p>Both quantizers round to nearest even with gradual underflow and overflow to infinity; they differ
 * only for NaN. {@link #quantizeRow} is ggml's {@code ggml_fp32_to_fp16_row}, whose portable conversion
 * writes the canonical quiet NaN {@code 0x7E00}; {@link #quantizeActivationRow} is the CPU backend's
 * {@code ggml_cpu_fp32_to_fp16}, which converts groups of 4, 8 or 16 with F16C (NaN payload kept, made
 * quiet) and the last {@code n % 4} values with the portable conversion.
 */
public final class F16Format extends BlockFormat {
    // layout: one ggml_half per "block" (ggml.c type_traits: blck_size 1, type_size sizeof(ggml_fp16_t))
    static final int BLOCK_BYTES = Short.BYTES;

    public F16Format() {
        super(GgmlType.F16, GgmlType.F16, BLOCK_BYTES);
    }

    @Override
    boolean acceptsNonFinite() {
        return true;
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        dst[to] = LittleEndian.half(src, at);
    }

    @Override
    void encodeBlock(float[] src, int from, MemorySegment dst, long at) {
        LittleEndian.putHalf(dst, at, src[from]);
    }

    @Override
    void encodeActivationBlock(float[] src, int from, MemorySegment dst, long at, int indexInRow, int rowLength) {
        boolean f16cPart = indexInRow < rowLength - rowLength % 4;
        float v = src[from];
        dst.set(LittleEndian.SHORT, at, f16cPart ? Fp16.fromFloatF16c(v) : Fp16.fromFloat(v));
    }
}
