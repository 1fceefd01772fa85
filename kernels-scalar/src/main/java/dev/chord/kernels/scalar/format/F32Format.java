package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code f32}: IEEE binary32, little-endian, 4 bytes a value ({@code type_traits[GGML_TYPE_F32]}
 * in ggml.c); dot products in f32 ({@code type_traits_cpu}). Copies bits unchanged both ways, NaN payloads
 * included.
 */
public final class F32Format extends BlockFormat {
    // layout: one float per "block" (ggml.c type_traits: blck_size 1, type_size sizeof(float))
    static final int BLOCK_BYTES = Float.BYTES;

    public F32Format() {
        super(GgmlType.F32, GgmlType.F32, BLOCK_BYTES);
    }

    @Override
    boolean acceptsNonFinite() {
        return true;
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        dst[to] = Float.intBitsToFloat(LittleEndian.u32(src, at));
    }

    @Override
    void encodeBlock(float[] src, int from, MemorySegment dst, long at) {
        LittleEndian.put32(dst, at, Float.floatToRawIntBits(src[from]));
    }
}
