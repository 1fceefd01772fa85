/**
 * Checks a {@link dev.chord.api.quant.QuantFormat} against reference tensors made by llama.cpp: the
 * fixtures' {@code quant-TYPE.gguf} files, or any directory of such files from a newer llama.cpp. Used by
 * the formats' tests and by {@code chord verify --vectors}.
 */
package dev.chord.kernels.scalar.conformance;
