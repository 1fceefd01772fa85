package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The integer partial sums of a K-quant or iq4_xs row against q8_K activations, computed value by value
 * from the block layouts in ggml-common.h, with nothing shared with the vector code: for every value its
 * integer level as it enters ggml's product, its sub-block, and the sum of level times activation per
 * sub-block (the order {@code Int8RowDot.integerPartials} documents).
 */
final class ReferencePartials {
    private ReferencePartials() {
    }

    /** ggml-common.h {@code kvalues_iq4nl}. */
    private static final int[] IQ4NL = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    static int[] of(GgmlType type, MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow) {
        int perBlock = type == GgmlType.Q2_K || type == GgmlType.Q3_K || type == GgmlType.Q6_K ? 16 : 8;
        int nb = cols / 256;
        int[] out = new int[perBlock * nb];
        for (int k = 0; k < nb; k++) {
            long blk = rowOffset + k * type.blockBytes();
            for (int v = 0; v < 256; v++) {
                int sub = v / (256 / perBlock);
                out[perBlock * k + sub] += level(type, w, blk, v) * a.qs[aRow * cols + 256 * k + v];
            }
        }
        return out;
    }

    /** The level of value {@code v} (0..255) of the super-block at {@code blk}. */
    static int level(GgmlType type, MemorySegment w, long blk, int v) {
        int h = v / 128;
        int k = v % 128 / 32;
        int l = v % 32;
        return switch (type) {
            // block_q2_K: scales[16], qs[64] at 16; value 128h + 32k + l in bits 2k of qs[32h + l]
            case Q2_K -> (u8(w, blk + 16 + 32 * h + l) >> (2 * k)) & 3;
            // block_q3_K: hmask[32], qs[64] at 32; high bit 4h + k of hmask[l], set meaning "no -4"
            case Q3_K -> ((u8(w, blk + 32 + 32 * h + l) >> (2 * k)) & 3) - (((u8(w, blk + l) >> (4 * h + k)) & 1) == 1 ? 0 : 4);
            // block_q4_K: qs[128] at 16; chunk c = v/64, low nibble for the first 32 values of the chunk
            case Q4_K -> nibble(w, blk + 16 + 32 * (v / 64) + l, v % 64 >= 32);
            // block_q5_K: qh[32] at 16, qs[128] at 48; fifth bit 2c (+1 for the high nibble) of qh[l]
            case Q5_K -> nibble(w, blk + 48 + 32 * (v / 64) + l, v % 64 >= 32)
                    + 16 * ((u8(w, blk + 16 + l) >> (2 * (v / 64) + (v % 64 >= 32 ? 1 : 0))) & 1);
            // block_q6_K: ql[128], qh[64] at 128; low bits in nibble k/2 of ql[64h + 32(k%2) + l], high bits 2k of qh[32h + l]
            case Q6_K -> (nibble(w, blk + 64 * h + 32 * (k % 2) + l, k >= 2) | (((u8(w, blk + 128 + 32 * h + l) >> (2 * k)) & 3) << 4)) - 32;
            // block_iq4_xs: qs[128] at 8; sub-block ib in bytes 16ib..16ib+15, value j (<16) low nibble, j+16 high
            case IQ4_XS -> IQ4NL[nibble(w, blk + 8 + 16 * (v / 32) + v % 16, v % 32 >= 16)];
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static int nibble(MemorySegment w, long at, boolean high) {
        int b = u8(w, at);
        return high ? b >> 4 : b & 0xF;
    }

    private static int u8(MemorySegment w, long at) {
        return w.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }
}
