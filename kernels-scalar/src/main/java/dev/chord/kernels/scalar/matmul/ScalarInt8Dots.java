package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.int8.GgmlMulMatRoute;

import java.util.Map;

/**
 * {@code scalar.int8}'s row dot per weight format: ggml's {@code ggml_vec_dot_*} for x86, one per format
 * (q4_0, q4_1, q5_0, q5_1, q8_0, iq4_nl, q2_K, q3_K, q4_K, q5_K, q6_K, iq4_xs), defined in
 * {@link GgmlMulMatRoute#VEC_DOT}. Products ggml routes elsewhere (batches, repacked matrices) take the row
 * dots {@link GgmlMulMatRoute#route} returns.
 */
final class ScalarInt8Dots {
    private ScalarInt8Dots() {
    }

    static final Map<GgmlType, Int8RowDot> TABLE = GgmlMulMatRoute.VEC_DOT;
}
