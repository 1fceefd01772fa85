package dev.chord.kernels.scalar.int8;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Field access for ggml blocks. A row dot copies each block from the weight segment into a small array and
 * decodes it from there; fields are little-endian (GGUF tensors are) and may be unaligned.
 */
final class Blocks {
    /** ggml's {@code kvalues_iq4nl} (ggml-common.h): the 16 levels of iq4_nl and iq4_xs. */
    static final int[] IQ4NL_LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private Blocks() {
    }

    /**
     * Copies {@code length} bytes of a weight row at {@code offset} of {@code w} into {@code buffer}, grown first
     * if it is too small; returns the buffer holding them.
     */
    static byte[] loadRow(MemorySegment w, long offset, int length, byte[] buffer) {
        byte[] to = buffer.length < length ? new byte[length] : buffer;
        MemorySegment.copy(w, ValueLayout.JAVA_BYTE, offset, to, 0, length);
        return to;
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static int u32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }

    /** A {@code ggml_half} as ggml's CPU code reads it ({@code GGML_CPU_FP16_TO_FP32}: exact). */
    static float half(byte[] b, int at) {
        return Float.float16ToFloat((short) u16(b, at));
    }

    /**
     * The eight 6-bit scales (into {@code scales[0..7]}) and mins ({@code mins[0..7]}) packed in 12 bytes at
     * {@code at} of q4_K and q5_K ({@code get_scale_min_k4}, ggml-quants.c): sub-blocks 0-3 keep both in the low
     * six bits of bytes j and j+4; 4-7 split them into a nibble of byte j+4 and the top two bits of bytes j-4
     * (scale) and j (min).
     */
    static void scaleMinK4(byte[] b, int at, int[] scales, int[] mins) {
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                scales[j] = u8(b, at + j) & 63;
                mins[j] = u8(b, at + j + 4) & 63;
            } else {
                int mixed = u8(b, at + j + 4);
                scales[j] = (mixed & 0xF) | ((u8(b, at + j - 4) >> 6) << 4);
                mins[j] = (mixed >> 4) | ((u8(b, at + j) >> 6) << 4);
            }
        }
    }
}
