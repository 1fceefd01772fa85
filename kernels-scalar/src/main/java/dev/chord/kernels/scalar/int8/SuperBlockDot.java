package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;

/**
 * The integer dot product of a 256-value super-block format (the K-quants, iq4_xs) with q8_K activations, in
 * the float order of one of ggml's x86 routines ({@link Order}). Subclasses decode a super-block into integer
 * levels and sub-block scales and combine the integer sums the way their ggml routine does.
 *
 * <p>q8_K activations (ggml-common.h {@code block_q8_K}): a float {@code d}, 256 int8 values and the sums of
 * each 16 of them ({@code bsums}), unpacked in {@link QuantizedActivations}.
 */
public abstract class SuperBlockDot implements Int8RowDot {

    /** Values per super-block. */
    static final int QK_K = 256;

    /** The float order of a ggml routine over super-blocks. */
    public enum Order {
        /** {@code ggml_vec_dot_*_q8_K} with AVX2 (arch/x86/quants.c): eight float lanes, see each format. */
        VEC_DOT,
        /**
         * The CPU_REPACK matrix-vector kernels ({@code ggml_gemv_q4_K_8x8_q8_K}, {@code ggml_gemv_q2_K_8x8_q8_K}):
         * per super-block one fma of its scaled integer sum and one of its min term, subtracted at the end.
         */
        REPACK_GEMV,
        /**
         * The CPU_REPACK matrix-matrix kernels ({@code ggml_gemm_*_8x8_q8_K}, for activation rows in whole groups
         * of four): like {@link #REPACK_GEMV} but one fma per part of a super-block (q4_K: 64 values; q2_K: 128).
         */
        REPACK_GEMM,
        /** The IQ panel kernels of iqp.cpp ({@code iqp_gemv/gemm_8x8_q8_K}): one fma per super-block. */
        PANEL
    }

    /** Per-thread scratch of one row dot: the weight row's bytes, a decoded super-block, the accumulators. */
    static final class Scratch {
        byte[] row = new byte[0];
        final int[] levels = new int[QK_K];
        final int[] scales = new int[16];
        final int[] mins = new int[16];
        final int[] lanes = new int[Avx2Lanes.LANES];
        final float[] acc = new float[Avx2Lanes.LANES];
        final float[] accMin = new float[4];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int blockBytes;
    private final Order order;

    protected SuperBlockDot(int blockBytes, Order order) {
        this.blockBytes = blockBytes;
        this.order = order;
    }

    public Order order() {
        return order;
    }

    /**
     * Decodes the super-block at byte {@code off} of {@code s.row}: levels into {@code s.levels}, scales (and
     * mins) into {@code s}.
     */
    abstract void decode(Scratch s, int off);

    /** Copies the weight row at {@code rowOffset}, {@code nb} blocks, into {@code s.row}. */
    private void loadRow(MemorySegment w, long rowOffset, int nb, Scratch s) {
        s.row = Blocks.loadRow(w, rowOffset, nb * blockBytes, s.row);
    }

    /** Decodes super-block {@code b} of the row in {@code s}; returns its byte offset in {@code s.row}. */
    final int decodeBlock(int b, Scratch s) {
        int off = b * blockBytes;
        decode(s, off);
        return off;
    }

    /**
     * The dot product of the weight row loaded in {@code s} ({@code nb} super-blocks) with activation row
     * {@code row}, in this format's ggml order {@code order}.
     */
    abstract float rowDot(int nb, QuantizedActivations a, int row, Order order, Scratch s);

    /**
     * Writes the integer partials (one per scaled sub-block) of the super-block last decoded in {@code s} at
     * {@code out[outOff..]}; returns how many.
     */
    abstract int partials(Scratch s, byte[] qs, int aOff, int[] out, int outOff);

    @Override
    public void dot(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                    float[] y, int yOff, int yStride) {
        Scratch s = SCRATCH.get();
        int nb = cols / QK_K;
        loadRow(w, rowOffset, nb, s);
        for (int t = 0; t < n; t++) {
            y[yOff + t * yStride] = rowDot(nb, a, aRow + t, order, s);
        }
    }

    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        Scratch s = SCRATCH.get();
        loadRow(w, rowOffset, nb, s);
        int written = 0;
        for (int b = 0; b < nb; b++) {
            decodeBlock(b, s);
            written += partials(s, a.qs, (aRow * nb + b) * QK_K, out, written);
        }
        return written;
    }

    /** The integer sums of each {@code size}-value sub-block of {@code levels} with the activations, unscaled. */
    static int subBlockSums(int[] levels, byte[] qs, int aOff, int size, int[] out, int outOff) {
        int count = QK_K / size;
        for (int i = 0; i < count; i++) {
            out[outOff + i] = Avx2Lanes.dot(levels, i * size, qs, aOff + i * size, size);
        }
        return count;
    }

    /** {@code sum_i scales[i] * (sub-block i's integer sum)} over sub-blocks {@code from..to-1} of {@code size} values. */
    static int scaledSum(int[] levels, int[] scales, byte[] qs, int aOff, int size, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += scales[i] * Avx2Lanes.dot(levels, i * size, qs, aOff + i * size, size);
        }
        return sum;
    }

    /** The sum of q8_K's {@code bsums} over the 32 values of sub-block {@code j} ({@code _mm_hadd_epi16} of two). */
    static int bsum32(QuantizedActivations a, int aBlock, int j) {
        return a.bsums[aBlock * 16 + 2 * j] + a.bsums[aBlock * 16 + 2 * j + 1];
    }
}
