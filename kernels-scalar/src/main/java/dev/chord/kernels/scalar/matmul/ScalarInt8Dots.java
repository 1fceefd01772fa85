package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.util.EnumMap;
import java.util.Map;

/** {@code scalar.int8}'s row dot per weight format: one line per format. */
final class ScalarInt8Dots {
    private ScalarInt8Dots() {
    }

    static final Map<GgmlType, Int8RowDot> TABLE = table();

    private static Map<GgmlType, Int8RowDot> table() {
        Map<GgmlType, Int8RowDot> m = new EnumMap<>(GgmlType.class);
        // m.put(GgmlType.Q8_0, new Q8_0Int8Dot()); ... one line per format
        return m;
    }
}
