package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.format.IQ4_NLFormat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where the fields of ggml's 4- and 5-bit 32-value block formats (the "legacy" quants) are, from ggml-common.h
 * (q8_0, the fifth legacy format, has its own row dots):
 * <pre>
 * block_q4_0   { ggml_half d;               uint8_t qs[16]; }  18 bytes, value (q - 8) * d
 * block_q4_1   { ggml_half d; ggml_half m;  uint8_t qs[16]; }  20 bytes, value q * d + m
 * block_q5_0   { ggml_half d; uint8_t qh[4]; uint8_t qs[16]; } 22 bytes, value (q - 16) * d
 * block_q5_1   { ggml_half d; ggml_half m; uint8_t qh[4]; uint8_t qs[16]; } 24 bytes, value q * d + m
 * block_iq4_nl { ggml_half d;               uint8_t qs[16]; }  18 bytes, value kvalues_iq4nl[q] * d
 * </pre>
 * In the 4- and 5-bit formats byte j of {@code qs} holds value j in its low nibble and value j + 16 in its
 * high nibble; bit j of the little-endian word {@code qh} is the fifth bit of value j.
 */
record Block32(GgmlType type, int blockBytes, int qs, int qh, boolean hasMin) {

    static final int VALUES = 32;
    private static final ValueLayout.OfInt INT32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(Lanes.LE);
    static final int HALF = 16;
    /** ggml-common.h {@code kvalues_iq4nl}. */
    static final byte[] IQ4_NL_LEVELS = IQ4_NLFormat.levels();

    /**
     * The codebook written twice, the source of a two-vector lookup table: with 16-byte vectors the first
     * holds it all, with 8-byte vectors the two halves split it.
     */
    static byte[] codebookTwice() {
        byte[] t = new byte[2 * IQ4_NL_LEVELS.length];
        System.arraycopy(IQ4_NL_LEVELS, 0, t, 0, IQ4_NL_LEVELS.length);
        System.arraycopy(IQ4_NL_LEVELS, 0, t, IQ4_NL_LEVELS.length, IQ4_NL_LEVELS.length);
        return t;
    }

    static Block32 of(GgmlType type) {
        return switch (type) {
            case Q4_0 -> new Block32(type, 18, 2, -1, false);
            case Q4_1 -> new Block32(type, 20, 4, -1, true);
            case Q5_0 -> new Block32(type, 22, 6, 2, false);
            case Q5_1 -> new Block32(type, 24, 8, 4, true);
            case IQ4_NL -> new Block32(type, 18, 2, -1, false);
            default -> throw new IllegalArgumentException("not a 4- or 5-bit 32-value block format: " + type
                    + (type == GgmlType.Q8_0 ? " (q8_0 has its own row dots)" : ""));
        };
    }

    /** The fifth bits of the block at {@code at}, or 0 for formats without them. */
    int highBits(MemorySegment w, long at) {
        return qh < 0 ? 0 : w.get(INT32, at + qh);
    }

    /** The block's minimum {@code m}; only for formats that have one. */
    float min(MemorySegment w, long at) {
        return Fp16Table.half(w, at + 2);
    }

    /** The integer added to q before scaling: -8 (q4_0), -16 (q5_0), 0 otherwise. */
    int levelOffset() {
        return switch (type) {
            case Q4_0 -> -8;
            case Q5_0 -> -16;
            default -> 0;
        };
    }
}
