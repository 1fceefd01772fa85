package dev.chord.api.quant;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.plugin.Plugin;

import java.lang.foreign.MemorySegment;

/**
 * One ggml tensor type that Chord can compute with: its reference conversion to and from F32, in the
 * spirit of a row of ggml's {@code type_traits} ({@code to_float}, {@code from_float_ref}) and
 * {@code type_traits_cpu} ({@code vec_dot_type}).
 *
 * <p>Implementations are written for clarity and must agree bit for bit with ggml; kernels are checked
 * against them. Quantized bytes are read from and written to {@link MemorySegment}s so mapped model files
 * are never copied onto the heap. Offsets are in bytes for segments and in values for arrays; {@code n}
 * is a count of values and must be a multiple of {@link GgmlType#blockSize()}.
 *
 * <p>Provider contract: see {@link Plugin}; {@link #name()} is ggml's type name.
 */
public interface QuantFormat extends Plugin {

    /** The row of ggml's type table this format implements. */
    GgmlType type();

    @Override
    default String name() {
        return type().ggmlName();
    }

    /**
     * The type ggml converts activations to before an integer dot product with this type
     * ({@code vec_dot_type}: q4_0 pairs with q8_0, q4_1 with q8_1, q4_K with q8_K). For float types,
     * the type itself (f16 × f16) or f32.
     */
    GgmlType vecDotType();

    /** Decodes {@code n} values starting at byte {@code srcOffset} of {@code src}. */
    void dequantizeRow(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n);

    /**
     * ggml's reference quantizer ({@code quantize_row_*_ref}, no importance matrix): encodes {@code n}
     * values into {@code type().bytesFor(n)} bytes at {@code dstOffset} of {@code dst}.
     *
     * @throws NonFiniteValueException if a value is NaN or infinite and this format cannot encode it
     */
    void quantizeRow(float[] src, int srcOffset, MemorySegment dst, long dstOffset, int n);

    /**
     * Quantizes activations the way ggml's CPU backend does before its dot products ({@code from_float}
     * in {@code type_traits_cpu}, x86 build), which for some types rounds differently from the reference
     * quantizer. Kernels with {@link dev.chord.api.kernel.ActivationMode#QUANTIZED} activations use this,
     * so their results match llama.cpp's. Defaults to {@link #quantizeRow}.
     */
    default void quantizeActivationRow(float[] src, int srcOffset, MemorySegment dst, long dstOffset, int n) {
        quantizeRow(src, srcOffset, dst, dstOffset, n);
    }

    /** Whether {@link #quantizeRow} is implemented (false for activation-only or decode-only types). */
    default boolean canQuantize() {
        return true;
    }
}
