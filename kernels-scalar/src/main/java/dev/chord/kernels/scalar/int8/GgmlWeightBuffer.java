package dev.chord.kernels.scalar.int8;

/**
 * Where llama.cpp's CPU backend keeps a weight matrix on an x86 machine; the buffer decides which kernels
 * multiply it, and so the float order of the result.
 */
public enum GgmlWeightBuffer {
    /**
     * ggml's plain CPU buffer: {@code ggml_vec_dot_*}, and llamafile's tinyBLAS for batches. What a bare ggml
     * graph uses (the quant fixtures' {@code ggml_matvec}) and llama.cpp with extra buffer types off
     * ({@code --no-repack}, {@code use_extra_bufts = false}).
     */
    CPU,
    /**
     * llama.cpp's default on an x86 CPU without AMX ({@code use_extra_bufts = true}): the matrices ggml repacks
     * to 8 interleaved rows (q4_0, q4_K and iq4_nl with AVX2, q2_K with AVX-512; row count a multiple of 8) live
     * in the CPU_REPACK buffer and use its gemv/gemm kernels; the others stay in the plain buffer. The fixture
     * models' answers were made this way.
     */
    CPU_REPACK
}
