package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;

/**
 * A matrix in llama.cpp's CPU_REPACK buffer. ggml's repacked {@code mul_mat} (repack.cpp,
 * {@code forward_mul_mat}) takes the activation rows in groups of four through the gemm kernel and the
 * {@code batch % 4} rows left over one by one through the gemv kernel.
 *
 * <p>The grouped rows are quantized by {@code ggml_quantize_mat_q8_0_4x8} / {@code ggml_quantize_mat_q8_K_4x8}
 * rather than the row quantizer. For q8_0 they give the same bytes. For q8_K the group quantizer scales a block
 * by {@code -127/m} whenever some value equals {@code +m}, where {@code quantize_row_q8_K_ref} follows the sign
 * of the first value of magnitude {@code m}: when both {@code +m} and {@code -m} occur the two may store
 * opposite signs for {@code d} and every {@code q}. The products are the same to the bit (negation is exact
 * and rounding to nearest even is symmetric), so the row quantizer serves for both.
 */
final class RepackedDot implements Int8RowDot {
    private final Int8RowDot gemv;
    private final Int8RowDot gemm;

    RepackedDot(Int8RowDot gemv, Int8RowDot gemm) {
        this.gemv = gemv;
        this.gemm = gemm;
    }

    @Override
    public void dot(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                    float[] y, int yOff, int yStride) {
        int grouped = a.rows() - a.rows() % 4;
        for (int t = 0; t < n; t++) {
            Int8RowDot k = aRow + t < grouped ? gemm : gemv;
            k.dot(w, rowOffset, cols, a, aRow + t, 1, y, yOff + t * yStride, yStride);
        }
    }

    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        return gemv.integerPartials(w, rowOffset, cols, a, aRow, out);
    }
}
