package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code bf16}: the top 16 bits of an IEEE binary32, little-endian; dot products in bf16
 * ({@code type_traits_cpu}).
 *
 * <p>Encoding is {@code ggml_compute_fp32_to_bf16} (ggml-impl.h), used by both the reference row converter
 * and the CPU backend's {@code ggml_cpu_fp32_to_bf16}: round to nearest even by adding
 * {@code 0x7FFF + lsb} to the bits, subnormals kept (not flushed), infinities kept, and NaN truncated with
 * the quiet bit forced ({@code bits >> 16 | 0x40}) so rounding never turns a NaN into an infinity.
 * Decoding shifts the bits back unchanged.
 */
public final class BF16Format extends BlockFormat {
    // layout: one ggml_bf16_t { uint16_t bits; } per "block" (ggml.c type_traits: blck_size 1)
    static final int BLOCK_BYTES = Short.BYTES;

    public BF16Format() {
        super(GgmlType.BF16, GgmlType.BF16, BLOCK_BYTES);
    }

    @Override
    boolean acceptsNonFinite() {
        return true;
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        dst[to] = Float.intBitsToFloat((src.get(LittleEndian.SHORT, at) & 0xFFFF) << 16);
    }

    @Override
    void encodeBlock(float[] src, int from, MemorySegment dst, long at) {
        dst.set(LittleEndian.SHORT, at, fromFloat(src[from]));
    }

    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
