package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.Int8RowDot;

import java.util.EnumMap;
import java.util.Map;

/**
 * The vector row dots per weight format: one line per format. They use the species of {@link Lanes}, fixed
 * per JVM; {@code v} must describe the same width (it does unless {@code chord.vector.bits} changed after
 * the first vector kernel was bound).
 */
final class VectorDots {
    private VectorDots() {
    }

    static Map<GgmlType, F32RowDot> fused(VectorConfig v) {
        requireJvmWidth(v);
        Map<GgmlType, F32RowDot> m = new EnumMap<>(GgmlType.class);
        m.put(GgmlType.F32, new FloatWeightsFusedDot(GgmlType.F32));
        m.put(GgmlType.F16, new FloatWeightsFusedDot(GgmlType.F16));
        m.put(GgmlType.BF16, new FloatWeightsFusedDot(GgmlType.BF16));
        m.put(GgmlType.Q4_0, new Block32FusedDot(GgmlType.Q4_0));
        m.put(GgmlType.Q4_1, new Block32FusedDot(GgmlType.Q4_1));
        m.put(GgmlType.Q5_0, new Block32FusedDot(GgmlType.Q5_0));
        m.put(GgmlType.Q5_1, new Block32FusedDot(GgmlType.Q5_1));
        m.put(GgmlType.Q8_0, new Q8_0FusedDot());
        m.put(GgmlType.IQ4_NL, new Block32FusedDot(GgmlType.IQ4_NL));
        return m;
    }

    static Map<GgmlType, Int8RowDot> int8(VectorConfig v) {
        requireJvmWidth(v);
        Map<GgmlType, Int8RowDot> m = new EnumMap<>(GgmlType.class);
        m.put(GgmlType.Q4_0, new Block32Int8Dot(GgmlType.Q4_0));
        m.put(GgmlType.Q4_1, new Block32Int8Dot(GgmlType.Q4_1));
        m.put(GgmlType.Q5_0, new Block32Int8Dot(GgmlType.Q5_0));
        m.put(GgmlType.Q5_1, new Block32Int8Dot(GgmlType.Q5_1));
        m.put(GgmlType.Q8_0, new Q8_0Int8Dot());
        m.put(GgmlType.IQ4_NL, new Block32Int8Dot(GgmlType.IQ4_NL));
        return m;
    }

    private static void requireJvmWidth(VectorConfig v) {
        if (v.bits() != Lanes.BITS) {
            throw new IllegalStateException("the vector kernels of this JVM run " + Lanes.BITS + "-bit vectors (fixed "
                    + "when they were first used); " + v.bits() + " bits were asked for. Set -Dchord.vector.bits "
                    + "before the first vector kernel is bound");
        }
    }
}
