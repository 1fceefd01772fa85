package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.Int8RowDot;

import java.util.EnumMap;
import java.util.Map;

/** The vector row dots per weight format, for one vector width: one line per format. */
final class VectorDots {
    private VectorDots() {
    }

    static Map<GgmlType, F32RowDot> fused(VectorConfig v) {
        Map<GgmlType, F32RowDot> m = new EnumMap<>(GgmlType.class);
        m.put(GgmlType.F32, new FloatWeightsFusedDot(GgmlType.F32, v));
        m.put(GgmlType.F16, new FloatWeightsFusedDot(GgmlType.F16, v));
        m.put(GgmlType.BF16, new FloatWeightsFusedDot(GgmlType.BF16, v));
        m.put(GgmlType.Q4_0, new Block32FusedDot(GgmlType.Q4_0, v));
        m.put(GgmlType.Q4_1, new Block32FusedDot(GgmlType.Q4_1, v));
        m.put(GgmlType.Q5_0, new Block32FusedDot(GgmlType.Q5_0, v));
        m.put(GgmlType.Q5_1, new Block32FusedDot(GgmlType.Q5_1, v));
        m.put(GgmlType.Q8_0, WidthSpecializer.instance(Q8_0FusedDot.class, v, F32RowDot.class));
        m.put(GgmlType.IQ4_NL, new Block32FusedDot(GgmlType.IQ4_NL, v));
        m.put(GgmlType.Q2_K, WidthSpecializer.instance(Q2_KDots.class, v, F32RowDot.class));
        m.put(GgmlType.Q3_K, WidthSpecializer.instance(Q3_KDots.class, v, F32RowDot.class));
        m.put(GgmlType.Q4_K, WidthSpecializer.instance(Q4_KDots.class, v, F32RowDot.class));
        m.put(GgmlType.Q5_K, WidthSpecializer.instance(Q5_KDots.class, v, F32RowDot.class));
        m.put(GgmlType.Q6_K, WidthSpecializer.instance(Q6_KDots.class, v, F32RowDot.class));
        m.put(GgmlType.IQ4_XS, WidthSpecializer.instance(IQ4_XSDots.class, v, F32RowDot.class));
        return m;
    }

    static Map<GgmlType, Int8RowDot> int8(VectorConfig v) {
        Map<GgmlType, Int8RowDot> m = new EnumMap<>(GgmlType.class);
        m.put(GgmlType.Q4_0, new Block32Int8Dot(GgmlType.Q4_0, v));
        m.put(GgmlType.Q4_1, new Block32Int8Dot(GgmlType.Q4_1, v));
        m.put(GgmlType.Q5_0, new Block32Int8Dot(GgmlType.Q5_0, v));
        m.put(GgmlType.Q5_1, new Block32Int8Dot(GgmlType.Q5_1, v));
        m.put(GgmlType.Q8_0, WidthSpecializer.instance(Q8_0Int8Dot.class, v, Int8RowDot.class));
        m.put(GgmlType.IQ4_NL, new Block32Int8Dot(GgmlType.IQ4_NL, v));
        m.put(GgmlType.Q2_K, WidthSpecializer.instance(Q2_KDots.class, v, Int8RowDot.class));
        m.put(GgmlType.Q3_K, WidthSpecializer.instance(Q3_KDots.class, v, Int8RowDot.class));
        m.put(GgmlType.Q4_K, WidthSpecializer.instance(Q4_KDots.class, v, Int8RowDot.class));
        m.put(GgmlType.Q5_K, WidthSpecializer.instance(Q5_KDots.class, v, Int8RowDot.class));
        m.put(GgmlType.Q6_K, WidthSpecializer.instance(Q6_KDots.class, v, Int8RowDot.class));
        m.put(GgmlType.IQ4_XS, WidthSpecializer.instance(IQ4_XSDots.class, v, Int8RowDot.class));
        return m;
    }
}
