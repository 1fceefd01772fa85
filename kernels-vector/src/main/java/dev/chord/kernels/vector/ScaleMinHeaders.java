package dev.chord.kernels.vector;

import java.lang.foreign.MemorySegment;

/**
 * The super-block header q4_K and q5_K share (ggml-common.h {@code block_q4_K}/{@code block_q5_K}): fp16
 * {@code d} at 0, fp16 {@code dmin} at 2, and at 4 twelve bytes packing eight 6-bit sub-block scales and
 * eight 6-bit mins ({@code get_scale_min_k4}, ggml-quants.c), so value i of 32-value sub-block j is
 * {@code d*sc_j*q_i - dmin*m_j}. Decoded once per row into a float scratch before the dot loop.
 */
interface ScaleMinHeaders {

    /** Floats per super-block in the scratch. */
    int STRIDE = 40;
    /** {@code sc_j} (times {@code d} for the fused dot), j = 0..7. */
    int SCALES_AT = 0;
    /** {@code m_j} (times {@code -dmin} for the fused dot). */
    int MINS_AT = 8;
    /** int8 dot only: the mins once per 16 values, {@code m_{i/2}}, i = 0..15, to pair with q8_K's block sums. */
    int MINS16_AT = 16;
    /** int8 dot only: {@code -dmin}. */
    int NEG_DMIN_AT = 32;
    /** int8 dot only: {@code d}. */
    int D_AT = 33;

    /** Decodes the headers of the {@code nb} super-blocks ({@code blockBytes} each) of the row at {@code row}. */
    void prepare(MemorySegment w, long row, int nb, int blockBytes, float[] s, boolean int8);

    /**
     * Decodes the header of the one super-block at {@code blk} into {@code s[at..at+STRIDE)}: what a row loop
     * calls at the top of each block (a call: see Q4_KDots for why it is not inlined).
     */
    void decode(MemorySegment w, long blk, float[] s, int at, boolean int8);
}
