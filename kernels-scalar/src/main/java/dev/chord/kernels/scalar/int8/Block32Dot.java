package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static dev.chord.kernels.scalar.int8.Avx2Lanes.LANES;

/**
 * The integer dot product of a 32-value format (q4_0, q4_1, q5_0, q5_1, q8_0, iq4_nl) with q8_0 or q8_1
 * activations, in the float order of one of ggml's x86 routines ({@link Order}). Every block has its fp16
 * scale {@code d} at byte 0; subclasses give the layout of the 32 integer levels and, for q4_1 and q5_1, the
 * fp16 min at byte 2.
 *
 * <p>{@link #integerPartials}: one int per block, {@code sum_j w_j * a_j} with the levels as they enter
 * ggml's product (q4_0: q-8; q4_1: q; q5_0: q-16; q5_1: q; q8_0: q; iq4_nl: {@code kvalues_iq4nl[q]}).
 */
public abstract class Block32Dot implements Int8RowDot {

    /** Values per block. */
    static final int QK = 32;

    /** The float order of a ggml routine over 32-value blocks. */
    public enum Order {
        /**
         * {@code ggml_vec_dot_q4_0_q8_0} and its q4_1, q5_0, q5_1, q8_0 siblings with AVX2, and llamafile's
         * {@code tinyBLAS_Q0_AVX} (every format it takes): per block, each of eight lanes gets
         * {@code fma(d_w * d_a, lane's int sum, lane)}; {@code hsum_float_8} at the end. q4_1 and q5_1 add
         * {@code m * s} per block into a scalar that GCC contracts into an fma, added after the lanes.
         */
        LANES,
        /**
         * {@code ggml_vec_dot_iq4_nl_q8_0} with AVX2: blocks in pairs, the even one into one eight-lane
         * accumulator and the odd one into another; the two are added lane by lane before {@code hsum_float_8},
         * and a last unpaired block is fma'd onto the sum as one int.
         */
        PAIRED_LANES,
        /**
         * The CPU_REPACK kernels {@code ggml_gemv_q4_0_8x8_q8_0} / {@code ggml_gemm_q4_0_8x8_q8_0} and their
         * iq4_nl twins: one float per output, {@code fma((float) block int sum, d_w * d_a, acc)} per block.
         */
        PER_BLOCK
    }

    private final int blockBytes;
    private final Order order;

    protected Block32Dot(int blockBytes, Order order) {
        this.blockBytes = blockBytes;
        this.order = order;
    }

    public Order order() {
        return order;
    }

    /**
     * The 32 integer levels of the block at byte {@code off} of {@code b}, as they enter ggml's integer product,
     * into {@code levels}.
     */
    abstract void levels(byte[] b, int off, int[] levels);

    /** Per-thread scratch: the weight row's bytes, a block's levels, the lanes and accumulators of one row dot. */
    private static final class Scratch {
        byte[] row = new byte[0];
        final int[] levels = new int[QK];
        final int[] lanes = new int[LANES];
        final float[] acc = new float[2 * LANES];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Copies the weight row at {@code rowOffset}, {@code nb} blocks, into {@code s.row}. */
    private void loadRow(MemorySegment w, long rowOffset, int nb, Scratch s) {
        s.row = Blocks.loadRow(w, rowOffset, nb * blockBytes, s.row);
    }

    /** Decodes block {@code b} of the row in {@code s} into {@code s.levels}; returns its byte offset. */
    private int block(int b, Scratch s) {
        int off = b * blockBytes;
        levels(s.row, off, s.levels);
        return off;
    }

    /** True for q4_1 and q5_1, whose blocks carry an fp16 min at byte 2 that multiplies q8_1's {@code s}. */
    boolean hasMin() {
        return false;
    }

    @Override
    public void dot(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                    float[] y, int yOff, int yStride) {
        Scratch s = SCRATCH.get();
        int nb = cols / QK;
        loadRow(w, rowOffset, nb, s);
        for (int t = 0; t < n; t++) {
            y[yOff + t * yStride] = rowDot(nb, a, aRow + t, s);
        }
    }

    private float rowDot(int nb, QuantizedActivations a, int row, Scratch s) {
        int[] levels = s.levels;
        int[] lanes = s.lanes;
        float[] acc = s.acc;
        Arrays.fill(acc, 0f);
        float single = 0f;
        float summs = 0f;
        int paired = nb - nb % 2;
        for (int b = 0; b < nb; b++) {
            int off = block(b, s);
            float dw = Blocks.half(s.row, off);
            int ai = row * nb + b;
            int aOff = ai * QK;
            float d = dw * a.d[ai];
            switch (order) {
                case LANES -> {
                    Avx2Lanes.block(lanes, levels, a.qs, aOff);
                    Avx2Lanes.fma(acc, 0, d, lanes);
                }
                case PAIRED_LANES -> {
                    if (b < paired) {
                        Avx2Lanes.block(lanes, levels, a.qs, aOff);
                        Avx2Lanes.fma(acc, (b & 1) * LANES, d, lanes);
                    }
                }
                case PER_BLOCK -> single = Math.fma((float) Avx2Lanes.dot(levels, 0, a.qs, aOff, QK), d, single);
            }
            if (hasMin()) {
                summs = Math.fma(Blocks.half(s.row, off + 2), a.s[ai], summs);
            }
        }
        return switch (order) {
            case LANES -> hasMin() ? Avx2Lanes.hsum(acc, 0) + summs : Avx2Lanes.hsum(acc, 0);
            case PAIRED_LANES -> {
                for (int k = 0; k < LANES; k++) {
                    acc[k] += acc[LANES + k];
                }
                float sum = Avx2Lanes.hsum(acc, 0);
                if (paired < nb) {
                    float dw = Blocks.half(s.row, block(paired, s));
                    int ai = row * nb + paired;
                    float d = a.d[ai] * dw;
                    sum = Math.fma(d, (float) Avx2Lanes.dot(levels, 0, a.qs, ai * QK, QK), sum);
                }
                yield sum;
            }
            case PER_BLOCK -> single;
        };
    }

    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK;
        Scratch s = SCRATCH.get();
        loadRow(w, rowOffset, nb, s);
        for (int b = 0; b < nb; b++) {
            block(b, s);
            out[b] = Avx2Lanes.dot(s.levels, 0, a.qs, (aRow * nb + b) * QK, QK);
        }
        return nb;
    }
}
