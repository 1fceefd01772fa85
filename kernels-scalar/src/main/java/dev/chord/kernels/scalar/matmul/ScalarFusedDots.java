package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.util.EnumMap;
import java.util.Map;

/** {@code scalar.fused}'s row dot per weight format: one line per format. */
final class ScalarFusedDots {
    private ScalarFusedDots() {
    }

    static final Map<GgmlType, F32RowDot> TABLE = table();

    private static Map<GgmlType, F32RowDot> table() {
        Map<GgmlType, F32RowDot> m = new EnumMap<>(GgmlType.class);
        m.put(GgmlType.F32, new F32FusedDot());
        m.put(GgmlType.F16, new F16FusedDot());
        m.put(GgmlType.BF16, new BF16FusedDot());
        m.put(GgmlType.Q4_0, new Q4_0FusedDot());
        m.put(GgmlType.Q4_1, new Q4_1FusedDot());
        m.put(GgmlType.Q5_0, new Q5_0FusedDot());
        m.put(GgmlType.Q5_1, new Q5_1FusedDot());
        m.put(GgmlType.Q8_0, new Q8_0FusedDot());
        m.put(GgmlType.IQ4_NL, new IQ4_NLFusedDot());
        return m;
    }
}
