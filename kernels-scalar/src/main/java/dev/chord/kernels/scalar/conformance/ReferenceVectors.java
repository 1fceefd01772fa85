package dev.chord.kernels.scalar.conformance;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.tensor.TensorView;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One type's reference tensors, as in the fixtures' {@code quant-TYPE.gguf}: {@code source} (F32 input),
 * {@code quantized} (ggml's reference quantizer on it), {@code dequantized} (ggml's {@code to_float} of
 * that), and, for types with an activation format, {@code x} (F32) and {@code x_for_vec_dot} (x as ggml's
 * CPU backend quantizes it before its dot products).
 *
 * @param x           absent for types without an activation format (q8_K)
 * @param xForVecDot  present exactly when {@code x} is; its type is the vec-dot type
 */
public record ReferenceVectors(GgmlType type, TensorView source, TensorView quantized, TensorView dequantized,
                               Optional<TensorView> x, Optional<TensorView> xForVecDot) {

    public static final String SOURCE = "source";
    public static final String QUANTIZED = "quantized";
    public static final String DEQUANTIZED = "dequantized";
    public static final String X = "x";
    public static final String X_FOR_VEC_DOT = "x_for_vec_dot";

    public ReferenceVectors {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, SOURCE);
        Objects.requireNonNull(quantized, QUANTIZED);
        Objects.requireNonNull(dequantized, DEQUANTIZED);
        if (x.isPresent() != xForVecDot.isPresent()) {
            throw new IllegalArgumentException(type + ": '" + X + "' and '" + X_FOR_VEC_DOT + "' come together");
        }
    }

    /**
     * Collects the tensors by their fixture names; the type is that of {@code quantized}.
     *
     * @param tensors looks a tensor up by name, empty if the file has none of that name
     * @param where   the file, for messages
     * @throws IllegalArgumentException naming the file and the missing tensor
     */
    public static ReferenceVectors read(Function<String, Optional<TensorView>> tensors, String where) {
        TensorView quantized = require(tensors, QUANTIZED, where);
        return new ReferenceVectors(quantized.type(), require(tensors, SOURCE, where), quantized,
                require(tensors, DEQUANTIZED, where), tensors.apply(X), tensors.apply(X_FOR_VEC_DOT));
    }

    private static TensorView require(Function<String, Optional<TensorView>> tensors, String name, String where) {
        return tensors.apply(name).orElseThrow(() -> new IllegalArgumentException(
                where + ": no tensor '" + name + "' (reference vectors need " + SOURCE + ", " + QUANTIZED + ", "
                        + DEQUANTIZED + ", and optionally " + X + " with " + X_FOR_VEC_DOT + ")"));
    }
}
