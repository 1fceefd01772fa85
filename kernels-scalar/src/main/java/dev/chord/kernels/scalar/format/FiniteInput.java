package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.NonFiniteValueException;

/**
 * The quantizers' one input rule: every value must be finite. ggml does not check and turns a NaN or an
 * infinity into a NaN scale that poisons its whole block silently; Chord refuses the row before writing
 * any byte, naming the first offending value's index within the row.
 */
final class FiniteInput {
    private FiniteInput() {
    }

    /** {@code type} and {@code op} name the call in the error; the message is built only on failure. */
    static void require(GgmlType type, String op, float[] src, int srcOffset, int n) {
        for (int i = 0; i < n; i++) {
            float v = src[srcOffset + i];
            if (!Float.isFinite(v)) {
                throw new NonFiniteValueException(type.ggmlName() + " " + op, i, v);
            }
        }
    }
}
