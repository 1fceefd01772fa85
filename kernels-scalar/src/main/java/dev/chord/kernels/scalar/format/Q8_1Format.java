package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code q8_1}: q8_0 plus {@code s = d * sum(q)} per block, the activation format of q4_1 and q5_1
 * (their kernels fold the blocks' minimum in with s). Its own vec-dot type ({@code type_traits_cpu}).
 *
 * <p>ggml has no {@code to_float} for q8_1; {@link #dequantizeRow} decodes {@code q * d} and ignores s.
 * {@link #quantizeRow} is {@code quantize_row_q8_1_ref}; {@link #quantizeActivationRow} is the x86
 * {@code quantize_row_q8_1} (see {@link Int8Quantizer}). Both store s as {@code fp16((float) sum * d)}.
 */
public final class Q8_1Format extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_q8_1 { ggml_half d; ggml_half s; int8_t qs[QK8_1]; }
    private static final int D = 0;   // ggml_half d: the scale
    private static final int S = 2;   // ggml_half s: d * sum(qs)
    private static final int QS = 4;  // int8_t qs[32], value j in byte j
    static final int BLOCK_BYTES = QS + QK;  // 36

    public Q8_1Format() {
        super(GgmlType.Q8_1, GgmlType.Q8_1, BLOCK_BYTES);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        Int8Quantizer.decode(src, at + QS, LittleEndian.half(src, at + D), dst, to, QK);
    }

    @Override
    void encodeBlock(float[] x, int from, MemorySegment dst, long at) {
        encode(Int8Quantizer.REFERENCE, x, from, dst, at);
    }

    @Override
    void encodeActivationBlock(float[] x, int from, MemorySegment dst, long at, int indexInRow, int rowLength) {
        encode(Int8Quantizer.X86_SIMD, x, from, dst, at);
    }

    private static void encode(Int8Quantizer quantizer, float[] x, int from, MemorySegment dst, long at) {
        float amax = Int8Quantizer.absMax(x, from, QK);
        float d = Int8Quantizer.scale(amax);
        LittleEndian.putHalf(dst, at + D, d);
        int sum = quantizer.quantize(x, from, QK, amax, dst, at + QS);
        LittleEndian.putHalf(dst, at + S, sum * d);
    }
}
