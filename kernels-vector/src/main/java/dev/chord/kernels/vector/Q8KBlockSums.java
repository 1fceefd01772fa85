package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;

/**
 * The part of a K-quant int8 dot that q8_K's block sums give without touching the values: a weight term
 * that is constant over each 16 values (a min, or the offset of a signed level) times the sum of those 16
 * activations, as ggml's x86 kernels fold it in ({@code bsums}, ggml-common.h {@code block_q8_K}).
 */
interface Q8KBlockSums {

    /**
     * {@code sum_k s[stride*k + factorAt] * d8_k * sum_{i<16} s[stride*k + coefAt + i] * bsums_k[i]} over the
     * {@code nb} super-blocks of activation row {@code r}: per super-block a float factor and 16 per-16-value
     * coefficients, prepared in {@code s} by the row dot.
     */
    float sum(float[] s, int stride, int coefAt, int factorAt, int nb, QuantizedActivations a, int r);
}
