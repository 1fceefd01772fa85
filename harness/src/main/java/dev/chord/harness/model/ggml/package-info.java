/**
 * The non-matmul arithmetic of llama.cpp's CPU backend, to the bit: ggml's vector routines as its AVX-512 build
 * computes them ({@link dev.chord.harness.model.ggml.GgmlVec}) and the glibc float functions ggml calls
 * ({@link dev.chord.harness.model.ggml.GlibcMath}). The forward pass uses these wherever llama.cpp's rounding
 * matters; matrix products go through the kernel SPI ({@code scalar.int8} is ggml's).
 */
package dev.chord.harness.model.ggml;
