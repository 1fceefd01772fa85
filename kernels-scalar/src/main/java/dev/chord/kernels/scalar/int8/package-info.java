/**
 * ggml's integer matrix products on x86, in plain Java: the integer sums and float arithmetic, in ggml's order,
 * of the routines llama.cpp's CPU backend runs on an AVX2/AVX-512 machine, so that {@code scalar.int8} gives
 * results bit-identical to llama.cpp's.
 *
 * <p>One class per weight format holds the block layout and every float order the format can take:
 * <ul>
 *   <li>{@code ggml_vec_dot_*} of arch/x86/quants.c (AVX2 code, which the AVX-512 builds compile): eight float
 *       lanes, each fed by the integer sum of four adjacent products ({@link Avx2Lanes});</li>
 *   <li>llamafile's {@code tinyBLAS_Q0_AVX} (llamafile/sgemm.cpp), which ggml's {@code mul_mat} tries first for
 *       q8_0, q4_0, q5_0 and iq4_nl when a product has two or more activation rows;</li>
 *   <li>the CPU_REPACK kernels {@code ggml_gemv_*_8x8} / {@code ggml_gemm_*_8x8} (arch/x86/repack.cpp) for the
 *       matrices llama.cpp repacks by default (q4_0, q4_K, iq4_nl; q2_K with AVX-512);</li>
 *   <li>the IQ panel kernels (iqp.cpp) for iq4_xs products of eight or more activation rows.</li>
 * </ul>
 * {@link GgmlMulMatRoute} says which one ggml takes for a given matrix, batch and weight buffer.
 * Nothing here is copied from ggml; the orders are read from its source and checked against llama.cpp's own
 * results (the fixtures, and ggml's CPU backend run on random matrices during development).
 */
package dev.chord.kernels.scalar.int8;
