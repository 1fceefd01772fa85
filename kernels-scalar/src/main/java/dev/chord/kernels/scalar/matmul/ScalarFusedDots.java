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
        // m.put(GgmlType.Q4_0, new Q4_0FusedDot()); ... one line per format
        return m;
    }
}
