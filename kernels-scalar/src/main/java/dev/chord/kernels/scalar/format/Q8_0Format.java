package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code q8_0}: 32 values as int8 meaning {@code q * d}, one fp16 scale per block. The activation
 * format of q4_0, q5_0, q8_0, iq4_nl and mxfp4, and its own vec-dot type ({@code type_traits_cpu}).
 *
 * <p>{@link #quantizeRow} is {@code quantize_row_q8_0_ref}; {@link #quantizeActivationRow} is the x86
 * {@code quantize_row_q8_0} that llama.cpp runs on activations (see {@link Int8Quantizer} for how they
 * differ).
 */
public final class Q8_0Format extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_q8_0 { ggml_half d; int8_t qs[QK8_0]; }
    private static final int D = 0;   // ggml_half d: the scale
    private static final int QS = 2;  // int8_t qs[32], value j in byte j
    static final int BLOCK_BYTES = QS + QK;  // 34

    public Q8_0Format() {
        super(GgmlType.Q8_0, GgmlType.Q8_0, BLOCK_BYTES);
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
        LittleEndian.putHalf(dst, at + D, Int8Quantizer.scale(amax));
        quantizer.quantize(x, from, QK, amax, dst, at + QS);
    }
}
