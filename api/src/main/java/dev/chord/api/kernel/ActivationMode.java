package dev.chord.api.kernel;

/** What a kernel does with the F32 activations it is given. */
public enum ActivationMode {
    /** Uses them as F32 (dot products in floating point). */
    F32,
    /**
     * Quantizes them once per call to the weight format's {@code vecDotType} (q8_0, q8_1, q8_K) and computes
     * integer block dot products with per-block scales, as ggml's CPU backend does.
     */
    QUANTIZED
}
