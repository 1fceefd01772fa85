package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.matmul.F32RowDot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * f16 and bf16 weights are widened exactly, special values included (f16 goes through an integer bit trick,
 * not a conversion instruction): a row holding one value among zeros, dotted with ones, gives that value.
 * Columns 37 exercise both the vector body and the scalar tail at every width.
 */
class FloatWeightsDecodeTest {

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int COLS = 37;

    /** Zeros, the smallest and largest subnormals, the smallest normal, one, the largest finite, infinities, NaNs. */
    private static final short[] F16_SPECIALS = {0x0000, (short) 0x8000, 0x0001, (short) 0x8001, 0x03FF, 0x0400,
            0x3C00, (short) 0xBC00, 0x7BFF, (short) 0xFBFF, 0x7C00, (short) 0xFC00, 0x7E00, 0x7D01, (short) 0xFE00};
    private static final short[] BF16_SPECIALS = {0x0000, (short) 0x8000, 0x0001, 0x007F, 0x0080, 0x3F80,
            (short) 0xBF80, 0x7F7F, 0x7F80, (short) 0xFF80, 0x7FC0};

    static IntStream widths() {
        Assumptions.assumeTrue(VectorSupport.decision().available(), () -> VectorSupport.decision().unavailableReason());
        return IntStream.of(128, 256, 512).filter(b -> b <= VectorConfig.preferredBits());
    }

    @ParameterizedTest
    @MethodSource("widths")
    void f16SpecialValuesAreExact(int bits) {
        check(GgmlType.F16, bits, F16_SPECIALS);
    }

    @ParameterizedTest
    @MethodSource("widths")
    void bf16SpecialValuesAreExact(int bits) {
        check(GgmlType.BF16, bits, BF16_SPECIALS);
    }

    private static void check(GgmlType type, int bits, short[] specials) {
        F32RowDot dot = VectorDots.fused(VectorConfig.of(bits)).get(type);
        float[] ones = new float[COLS];
        Arrays.fill(ones, 1f);
        MemorySegment row = MemorySegment.ofArray(new byte[2 * COLS]);
        float[] y = new float[1];
        for (short h : specials) {
            float expected = type == GgmlType.F16 ? Float.float16ToFloat(h) : Float.intBitsToFloat((h & 0xFFFF) << 16);
            for (int c : new int[] {0, 5, 16, 31, 32, 36}) {
                row.fill((byte) 0);
                row.set(HALF, 2L * c, h);
                dot.dot(row, 0, COLS, ones, 0, COLS, 1, y, 0, 1);
                String what = String.format("%s 0x%04x at column %d, %d bits", type, h & 0xFFFF, c, bits);
                if (Float.isNaN(expected)) {
                    assertEquals(Float.NaN, y[0], what);
                } else {
                    // the zeros add exactly, so the sum is the value itself (with -0 + 0 = +0)
                    assertEquals(expected + 0f, y[0], 0f, what);
                }
            }
        }
    }
}
