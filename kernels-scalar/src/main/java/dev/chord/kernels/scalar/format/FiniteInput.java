package dev.chord.kernels.scalar.format;

import dev.chord.api.quant.NonFiniteValueException;

/**
 * The quantizers' one input rule: every value must be finite. ggml does not check and turns a NaN or an
 * infinity into a NaN scale that poisons its whole block silently; Chord refuses the row before writing
 * any byte, naming the first offending value's index within the row.
 */
final class FiniteInput {
    private FiniteInput() {
    }

    /** {@code format} and {@code op} name the call in the message, joined only when a value is refused. */
    static void require(String format, String op, float[] src, int srcOffset, int n) {
        for (int i = 0; i < n; i++) {
            float v = src[srcOffset + i];
            if (!Float.isFinite(v)) {
                throw new NonFiniteValueException(format + " " + op, i, v);
            }
        }
    }
}
