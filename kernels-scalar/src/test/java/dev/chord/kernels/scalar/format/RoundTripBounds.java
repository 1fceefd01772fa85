package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.util.EnumMap;
import java.util.Map;

/**
 * How far {@code dequantize(quantize(x))} may stray from x, per type, with where each number comes from.
 * A value x_i in a block whose largest magnitude is amax must satisfy
 * {@code |x_i - y_i| <= perBlock * amax + perValue * |x_i| + absolute}.
 *
 * <p>Derivations use the published algorithms (ggml-quants.c): d is the exact scale, D = fp16(d) the stored
 * one, |D - d| <= 2^-11 |d| while D is a normal fp16 and <= 2^-25 when it is subnormal (the {@code absolute}
 * term, times the largest integer a scale multiplies). Each bound has a relative slack of 1e-6 for the
 * float arithmetic of the quantizer. Rows from {@link RowGenerator} stay below fp16's overflow.
 *
 * <p>{@code maxMagnitude} bounds the error on the block's value of largest magnitude relative to it: formats
 * that scale by the absolute maximum reproduce that value up to the scale's fp16 rounding.
 */
public final class RoundTripBounds {

    /** One row of the table. */
    public record Bound(double perBlock, double perValue, double absolute, double maxMagnitude, String source) {
        public double allowed(float x, float amax) {
            return (perBlock * amax + perValue * Math.abs(x)) * (1 + SLACK) + absolute;
        }
    }

    static final double SLACK = 1e-6;
    private static final double FP16_REL = 0x1p-11;
    private static final double FP16_SUB = 0x1p-25;

    private static final Map<GgmlType, Bound> TABLE = new EnumMap<>(GgmlType.class);

    static {
        TABLE.put(GgmlType.F32, new Bound(0, 0, 0, 0, "exact: the bits are copied"));
        TABLE.put(GgmlType.F16, new Bound(0, FP16_REL, FP16_SUB, FP16_REL,
                "binary16 round to nearest: half an ulp, 2^-11 relative; half the subnormal spacing 2^-24"));
        TABLE.put(GgmlType.BF16, new Bound(0, 0x1p-8, 0x1p-134, 0x1p-8,
                "bfloat16 round to nearest: half an ulp of an 8-bit significand, 2^-8 relative; half of 2^-133"));
        TABLE.put(GgmlType.Q4_0, new Bound(0.125 * (1 + 8 * FP16_REL), 0, 8 * FP16_SUB, FP16_REL,
                "|d| = amax/8; rounding costs d/2, the clamp of +8 to 7 a full d; (q-8) in [-8, 7] times |D-d|"));
        TABLE.put(GgmlType.Q4_1, new Bound(1.0 / 15 + 3 * FP16_REL, 0, 16 * FP16_SUB, 3 * FP16_REL,
                "d = (max-min)/15 <= 2 amax/15, rounding costs d/2; q <= 15 times |D-d| plus fp16(min) error"));
        TABLE.put(GgmlType.Q5_0, new Bound(0.0625 * (1 + 16 * FP16_REL), 0, 16 * FP16_SUB, FP16_REL,
                "|d| = amax/16; rounding costs d/2, the clamp of +16 to 15 a full d; (q-16) in [-16, 15] times |D-d|"));
        TABLE.put(GgmlType.Q5_1, new Bound(1.0 / 31 + 3 * FP16_REL, 0, 32 * FP16_SUB, 3 * FP16_REL,
                "d = (max-min)/31 <= 2 amax/31, rounding costs d/2; q <= 31 times |D-d| plus fp16(min) error"));
        TABLE.put(GgmlType.Q8_0, new Bound(1.0 / 254 + FP16_REL, 0, 127 * FP16_SUB, FP16_REL,
                "d = amax/127, rounding costs d/2; |q| <= 127 times |D-d|"));
        TABLE.put(GgmlType.Q8_1, TABLE.get(GgmlType.Q8_0));
        TABLE.put(GgmlType.IQ4_NL, new Bound(0.18, 0, 127 * FP16_SUB, 0.18,
                "measured, no closed form (the scale is a least-squares fit): worst (error - 127·2^-25)/amax 0.143 "
                        + "over 2.4e6 blocks of every RowGenerator distribution (uniform blocks are worst: level 113 "
                        + "against -127), plus 25%; ggml states no per-value bound"));
        TABLE.put(GgmlType.MXFP4, new Bound(0.25, 0, 0x1p-120, 0.25,
                "d = 2^(floor(log2 amax) - 3): levels up to 12d = 1.5 * 2^floor(log2 amax) leave amax up to 25% "
                        + "beyond reach; the widest gap (8d to 12d) costs 2d <= amax/4"));
        TABLE.put(GgmlType.TQ2_0, new Bound(0.5 + FP16_REL, 0, FP16_SUB, FP16_REL,
                "ternary: d = amax, values {-d, 0, d}, rounding costs up to d/2"));
    }

    /**
     * For types without a derived bound (added by later branches): a dequantized value never strays from
     * its input by more than the block's largest magnitude. Weak, but it catches garbage.
     */
    static final Bound SANITY = new Bound(1.0, 0, 0x1p-20, 1.0,
            "no derived bound recorded for this type: sanity only (error <= block absmax)");

    private RoundTripBounds() {
    }

    public static Bound of(GgmlType type) {
        return TABLE.getOrDefault(type, SANITY);
    }

    public static boolean hasDerivedBound(GgmlType type) {
        return TABLE.containsKey(type);
    }
}
