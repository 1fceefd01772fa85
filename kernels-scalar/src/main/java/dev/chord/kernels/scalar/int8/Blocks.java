package dev.chord.kernels.scalar.int8;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian field access for ggml blocks (GGUF tensors are little-endian; blocks leave fields unaligned). */
final class Blocks {
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** ggml's {@code kvalues_iq4nl} (ggml-common.h): the 16 levels of iq4_nl and iq4_xs. */
    static final int[] IQ4NL_LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private Blocks() {
    }

    static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    static int i8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at);
    }

    static int u16(MemorySegment s, long at) {
        return s.get(HALF, at) & 0xFFFF;
    }

    static int u32(MemorySegment s, long at) {
        return s.get(U32, at);
    }

    /** A {@code ggml_half} as ggml's CPU code reads it ({@code GGML_CPU_FP16_TO_FP32}: exact). */
    static float half(MemorySegment s, long at) {
        return Float.float16ToFloat(s.get(HALF, at));
    }

    /**
     * The eight 6-bit scales (into {@code scales[0..7]}) and mins ({@code mins[0..7]}) packed in 12 bytes at
     * {@code at} of q4_K and q5_K ({@code get_scale_min_k4}, ggml-quants.c): sub-blocks 0-3 keep both in the low
     * six bits of bytes j and j+4; 4-7 split them into a nibble of byte j+4 and the top two bits of bytes j-4
     * (scale) and j (min).
     */
    static void scaleMinK4(MemorySegment s, long at, int[] scales, int[] mins) {
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                scales[j] = u8(s, at + j) & 63;
                mins[j] = u8(s, at + j + 4) & 63;
            } else {
                int mixed = u8(s, at + j + 4);
                scales[j] = (mixed & 0xF) | ((u8(s, at + j - 4) >> 6) << 4);
                mins[j] = (mixed >> 4) | ((u8(s, at + j) >> 6) << 4);
            }
        }
    }
}
