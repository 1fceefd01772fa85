package dev.chord.kernels.scalar.int8;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.matmul.Int8RowDot;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which of ggml's x86 routines computes a matrix product, as llama.cpp's CPU backend decides it for the
 * AVX2/AVX-512 builds (ggml-cpu.c {@code ggml_compute_forward_mul_mat}, repack.cpp, iqp.cpp, llamafile/sgemm.cpp):
 * <ol>
 *   <li>a matrix in the CPU_REPACK buffer (q4_0, q4_K, iq4_nl, q2_K with a row count divisible by 8) runs the
 *       repack kernels: gemm for activation rows in whole groups of four, gemv for the rest;</li>
 *   <li>with two or more activation rows, llamafile's tinyBLAS takes q8_0, q4_0, q5_0 and iq4_nl
 *       ({@code llamafile_sgemm} refuses a single row);</li>
 *   <li>with eight or more activation rows and a row count divisible by 8, the IQ panel kernels take iq4_xs;</li>
 *   <li>everything else is one {@code ggml_vec_dot_*} per output.</li>
 * </ol>
 * The row dots returned keep this order per output whatever the thread count or tiling, as ggml's do.
 */
public final class GgmlMulMatRoute {

    /** {@code ggml_vec_dot_*} for every format (the single-row product of the plain buffer). */
    public static final Map<GgmlType, Int8RowDot> VEC_DOT = vecDots();

    private static final Int8RowDot TINYBLAS_IQ4_NL = new IQ4_NLDot(Block32Dot.Order.LANES);
    private static final Int8RowDot PANEL_IQ4_XS = new IQ4_XSDot(SuperBlockDot.Order.PANEL);
    private static final Map<GgmlType, Int8RowDot> REPACKED = repacked();

    private GgmlMulMatRoute() {
    }

    private static Map<GgmlType, Int8RowDot> vecDots() {
        Map<GgmlType, Int8RowDot> m = new EnumMap<>(GgmlType.class);
        m.put(GgmlType.Q4_0, new Q4_0Dot(Block32Dot.Order.LANES));
        m.put(GgmlType.Q4_1, new Q4_1Dot(Block32Dot.Order.LANES));
        m.put(GgmlType.Q5_0, new Q5_0Dot(Block32Dot.Order.LANES));
        m.put(GgmlType.Q5_1, new Q5_1Dot(Block32Dot.Order.LANES));
        m.put(GgmlType.Q8_0, new Q8_0Dot(Block32Dot.Order.LANES));
        m.put(GgmlType.IQ4_NL, new IQ4_NLDot(Block32Dot.Order.PAIRED_LANES));
        m.put(GgmlType.Q2_K, new Q2_KDot(SuperBlockDot.Order.VEC_DOT));
        m.put(GgmlType.Q3_K, new Q3_KDot(SuperBlockDot.Order.VEC_DOT));
        m.put(GgmlType.Q4_K, new Q4_KDot(SuperBlockDot.Order.VEC_DOT));
        m.put(GgmlType.Q5_K, new Q5_KDot(SuperBlockDot.Order.VEC_DOT));
        m.put(GgmlType.Q6_K, new Q6_KDot(SuperBlockDot.Order.VEC_DOT));
        m.put(GgmlType.IQ4_XS, new IQ4_XSDot(SuperBlockDot.Order.VEC_DOT));
        return Collections.unmodifiableMap(m);
    }

    private static Map<GgmlType, Int8RowDot> repacked() {
        Map<GgmlType, Int8RowDot> m = new EnumMap<>(GgmlType.class);
        Int8RowDot q40 = new Q4_0Dot(Block32Dot.Order.PER_BLOCK);
        Int8RowDot iq4nl = new IQ4_NLDot(Block32Dot.Order.PER_BLOCK);
        m.put(GgmlType.Q4_0, new RepackedDot(q40, q40));
        m.put(GgmlType.IQ4_NL, new RepackedDot(iq4nl, iq4nl));
        m.put(GgmlType.Q4_K, new RepackedDot(new Q4_KDot(SuperBlockDot.Order.REPACK_GEMV),
                new Q4_KDot(SuperBlockDot.Order.REPACK_GEMM)));
        m.put(GgmlType.Q2_K, new RepackedDot(new Q2_KDot(SuperBlockDot.Order.REPACK_GEMV),
                new Q2_KDot(SuperBlockDot.Order.REPACK_GEMM)));
        return m;
    }

    /** True if ggml keeps a {@code type} matrix of {@code rows} rows in the CPU_REPACK buffer when it may. */
    public static boolean repacks(GgmlType type, int rows) {
        return REPACKED.containsKey(type) && rows % 8 == 0;
    }

    /** The row dot ggml's arithmetic follows for a {@code rows}-row {@code type} matrix times {@code batch} activation rows. */
    public static Int8RowDot route(GgmlType type, int rows, int batch, GgmlWeightBuffer buffer) {
        if (buffer == GgmlWeightBuffer.CPU_REPACK && repacks(type, rows)) {
            return REPACKED.get(type);
        }
        if (batch >= 2 && type == GgmlType.IQ4_NL) {
            return TINYBLAS_IQ4_NL;  // q8_0, q4_0 and q5_0 in tinyBLAS have their vec_dot's order
        }
        if (batch >= 8 && type == GgmlType.IQ4_XS && rows % 8 == 0) {
            return PANEL_IQ4_XS;
        }
        return VEC_DOT.get(type);
    }
}
