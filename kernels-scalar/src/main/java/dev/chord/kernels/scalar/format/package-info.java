/**
 * ggml's tensor types as {@link dev.chord.api.quant.QuantFormat} reference implementations: one class per
 * type, agreeing bit for bit with llama.cpp's {@code dequantize_row_*} and byte for byte with its reference
 * quantizers. Every kernel in Chord is checked against these classes, so they favour clarity: each block
 * layout is spelled out with its source in ggml-common.h, each step of a quantizer follows the published
 * algorithm in the same order of floating-point operations (which is what makes the bytes match).
 *
 * <p>Blocks are read from and written to {@link java.lang.foreign.MemorySegment}s with explicitly
 * little-endian, unaligned accesses (ggml files are little-endian and blocks have odd sizes), and no
 * method allocates per block.
 */
package dev.chord.kernels.scalar.format;
