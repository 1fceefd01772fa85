package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;

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
        QuantFormats f = QuantFormats.defaults();
        m.put(GgmlType.Q2_K, new BlockDecodingDot(f.forType(GgmlType.Q2_K)));
        m.put(GgmlType.Q3_K, new BlockDecodingDot(f.forType(GgmlType.Q3_K)));
        m.put(GgmlType.Q4_K, new BlockDecodingDot(f.forType(GgmlType.Q4_K)));
        m.put(GgmlType.Q5_K, new BlockDecodingDot(f.forType(GgmlType.Q5_K)));
        m.put(GgmlType.Q6_K, new BlockDecodingDot(f.forType(GgmlType.Q6_K)));
        m.put(GgmlType.IQ4_XS, new BlockDecodingDot(f.forType(GgmlType.IQ4_XS)));
        return m;
    }
}
