package dev.chord.kernels.scalar.format;

import dev.chord.api.quant.QuantFormat;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-worked cases of the rounding and tie rules in ggml's published algorithms, where the fixtures'
 * random data happens not to tell the alternatives apart (the q8_0 fixtures, for example, pass with either
 * activation quantizer). Each expected byte is derived in the comment next to it.
 */
class GgmlRoundingRulesTest {

    private static final ValueLayout.OfShort LE_SHORT = LittleEndian.SHORT;

    /** quantize_row_q8_0_ref rounds halves away from zero; the x86 activation quantizer rounds them to even. */
    @Test
    void q8_0ReferenceAndActivationRoundHalvesDifferently() {
        float[] x = new float[32];
        x[0] = 127f;   // amax: d = 1 (fp16 0x3C00), 1/d = 127/amax = 1
        x[1] = 2.5f;   // roundf 3, rint 2
        x[2] = -2.5f;  // roundf -3, rint -2
        x[3] = 0.5f;   // roundf 1, rint 0
        x[4] = -0.5f;  // roundf -1, rint 0
        byte[] ref = bytes(new Q8_0Format(), x, false);
        byte[] act = bytes(new Q8_0Format(), x, true);
        assertEquals((short) 0x3C00, MemorySegment.ofArray(ref).get(LE_SHORT, 0));
        assertArrayEquals(new byte[] {127, 3, -3, 1, -1, 0}, java.util.Arrays.copyOfRange(ref, 2, 8));
        assertArrayEquals(new byte[] {127, 2, -2, 0, 0, 0}, java.util.Arrays.copyOfRange(act, 2, 8));
    }

    /** q8_1 stores s = fp16(sum(q) * d) from the integers its own quantizer produced. */
    @Test
    void q8_1SumFollowsItsQuantizer() {
        float[] x = new float[32];
        x[0] = 127f;
        x[1] = 2.5f;   // reference 3 -> sum 130 (fp16 0x5810); activation 2 -> sum 129 (fp16 0x5808)
        MemorySegment ref = MemorySegment.ofArray(bytes(new Q8_1Format(), x, false));
        MemorySegment act = MemorySegment.ofArray(bytes(new Q8_1Format(), x, true));
        assertEquals((short) 0x5810, ref.get(LE_SHORT, 2));
        assertEquals((short) 0x5808, act.get(LE_SHORT, 2));
    }

    /** quantize_row_q4_0_ref scales by the first value of largest magnitude, so its sign decides the clamp. */
    @Test
    void q4_0ScalesByTheFirstLargestMagnitude() {
        float[] x = new float[32];
        x[0] = -2f;    // max = -2 (the later +2 is not strictly larger): d = -2/-8 = 0.25 (fp16 0x3400); q = 0
        x[1] = 2f;     // 2/0.25 + 8.5 = 16.5 -> 16, clamped to 15: decodes to 7 * 0.25 = 1.75
        byte[] b = bytes(new Q4_0Format(), x, false);
        assertEquals((short) 0x3400, MemorySegment.ofArray(b).get(LE_SHORT, 0));
        assertEquals((byte) 0x80, b[2]);  // value 0: q 0; value 16 (zero): q 8 in the high nibble
        assertEquals((byte) 0x8F, b[3]);  // value 1: q 15; value 17: q 8
    }

    /** quantize_row_tq2_0_ref uses lroundf: +-0.5 go to +-1. */
    @Test
    void tq2_0RoundsHalvesAwayFromZero() {
        float[] x = new float[256];
        x[0] = 2f;     // amax: d = 2 (fp16 0x4000); 2 * 0.5 = 1 -> code 2
        x[1] = 1f;     // 0.5 -> 1 -> code 2
        x[2] = -1f;    // -0.5 -> -1 -> code 0
        byte[] b = bytes(new TQ2_0Format(), x, false);
        // byte m holds values m, m+32, m+64, m+96 in bits 0-1, 2-3, 4-5, 6-7; zeros have code 1
        assertEquals((byte) 0x56, b[0]);
        assertEquals((byte) 0x56, b[1]);
        assertEquals((byte) 0x54, b[2]);
        assertEquals((byte) 0x55, b[3]);
        assertEquals((short) 0x4000, MemorySegment.ofArray(b).get(LE_SHORT, 64));
    }

    @Test
    void f16RoundsToNearestEvenAndTheTwoConvertersDifferOnlyForNan() {
        assertEquals((short) 0x3C00, Fp16.fromFloat(1f + 0x1p-11f));       // tie: to even (1.0)
        assertEquals((short) 0x3C02, Fp16.fromFloat(1f + 3 * 0x1p-11f));   // tie: to even (1 + 2^-9)
        assertEquals((short) 0x7C00, Fp16.fromFloat(65520f));               // tie between 65504 and 2^16: infinity
        assertEquals((short) 0x0000, Fp16.fromFloat(0x1p-25f));             // half the smallest subnormal: to even 0
        assertEquals((short) 0x0002, Fp16.fromFloat(3 * 0x1p-25f));         // 1.5 subnormal steps: to even 2
        float nan = Float.intBitsToFloat(0x7F81_2345);                      // signalling NaN with a payload
        assertEquals((short) 0x7E00, Fp16.fromFloat(nan));                  // ggml_compute_fp32_to_fp16: canonical
        assertEquals((short) 0x7E09, Fp16.fromFloatF16c(nan));              // vcvtps2ph: quiet, top payload bits 0x009
        assertEquals((short) 0xFE09, Fp16.fromFloatF16c(Float.intBitsToFloat(0xFF81_2345)));
        assertEquals(0x7FC0_2000, Float.floatToRawIntBits(Fp16.toFloat((short) 0x7C01)));  // decoded NaN is quiet
    }

    /** ggml_cpu_fp32_to_fp16 converts groups of four with F16C and the last n % 4 values portably. */
    @Test
    void f16ActivationConvertsTheTailLikeGgml() {
        float nan = Float.intBitsToFloat(0x7F81_2345);
        float[] x = {1, 2, 3, 4, nan};
        x[0] = nan;
        MemorySegment out = MemorySegment.ofArray(new byte[10]);
        new F16Format().quantizeActivationRow(x, 0, out, 0, 5);
        assertEquals((short) 0x7E09, out.get(LE_SHORT, 0));  // in the first group of four: F16C
        assertEquals((short) 0x7E00, out.get(LE_SHORT, 8));  // the tail: portable conversion
    }

    @Test
    void bf16RoundsToNearestEvenKeepsSubnormalsAndQuietsNan() {
        assertEquals((short) 0x3F80, BF16Format.fromFloat(1f + 0x1p-8f));        // tie: to even
        assertEquals((short) 0x3F82, BF16Format.fromFloat(1f + 3 * 0x1p-8f));    // tie: to even (up)
        assertEquals((short) 0x0002, BF16Format.fromFloat(Float.intBitsToFloat(0x0001_8000)));  // subnormal, not flushed
        assertEquals((short) 0x7F80, BF16Format.fromFloat(Float.MAX_VALUE));     // rounds up to infinity
        assertEquals((short) 0x7FC0, BF16Format.fromFloat(Float.intBitsToFloat(0x7F80_0001)));  // NaN stays NaN, quiet
        assertEquals((short) 0xFFC0, BF16Format.fromFloat(Float.intBitsToFloat(0xFF80_0001)));
    }

    /**
     * quantize_row_mxfp4_ref: e = floor(log2f(amax)) - 2 + 127. log2f is rounded to float first, so a value
     * just below 2^10 counts as 2^10 (log2 = 10 - 8.6e-8 rounds to 10) while one just below 2^2 does not
     * (2 - 8.6e-8 rounds to 2 - 2^-23); glibc's log2f gives the same, checked for every float within 300000
     * ulps below each power of two.
     */
    @Test
    void mxfp4ExponentFollowsLog2fRounding() {
        assertEquals(135, mxfp4Exponent(Math.nextDown(1024f)));
        assertEquals(126, mxfp4Exponent(Math.nextDown(4f)));
        assertEquals(127, mxfp4Exponent(4f));
        assertEquals(248, mxfp4Exponent(1e-40f));  // floor(log2) = -133: -8 wraps to 248 like ggml's (uint8_t) cast on x86
    }

    /** best_index_mxfp4 keeps the first index on ties: 10 between levels 8 and 12 takes 8, -0 is never chosen. */
    @Test
    void mxfp4TiesTakeTheLowerIndex() {
        float[] x = new float[32];
        x[0] = 12f;      // amax in [8, 16): e = 3 - 2 + 127 = 128, d = 2^(128-128) = 1; level 12 is index 7
        x[1] = 10f;      // |8 - 10| = |12 - 10|: index 6 (level 8)
        x[2] = -10f;     // index 14 (level -8) before 15 (level -12)
        x[3] = -0.25f;   // levels 0 (index 0) and -0 (index 8) tie: index 0
        byte[] b = bytes(new MXFP4Format(), x, false);
        assertEquals(128, b[0] & 0xFF);
        assertArrayEquals(new byte[] {0x07, 0x06, 0x0E, 0x00}, java.util.Arrays.copyOfRange(b, 1, 5));
    }

    /** best_index_int8: nearest codebook level, the upper one on an exact tie. */
    @Test
    void iq4NlNearestLevelTiesGoUp() {
        assertEquals(1, IQ4_NLFormat.nearestLevel(-115.5f));  // midpoint of -127 and -104
        assertEquals(8, IQ4_NLFormat.nearestLevel(-4.5f));    // midpoint of -10 and 1
        assertEquals(7, IQ4_NLFormat.nearestLevel(Math.nextDown(-4.5f)));
        assertEquals(0, IQ4_NLFormat.nearestLevel(-1000f));
        assertEquals(15, IQ4_NLFormat.nearestLevel(1000f));
    }

    private static int mxfp4Exponent(float amax) {
        float[] x = new float[32];
        x[5] = amax;
        return bytes(new MXFP4Format(), x, false)[0] & 0xFF;
    }

    private static byte[] bytes(QuantFormat f, float[] x, boolean activation) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(f.type().bytesFor(x.length));
            if (activation) {
                f.quantizeActivationRow(x, 0, out, 0, x.length);
            } else {
                f.quantizeRow(x, 0, out, 0, x.length);
            }
            return out.toArray(ValueLayout.JAVA_BYTE);
        }
    }
}
