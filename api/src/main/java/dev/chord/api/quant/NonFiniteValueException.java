package dev.chord.api.quant;

/** A value to quantize was NaN or infinite; names the row and the index within it. */
public class NonFiniteValueException extends IllegalArgumentException {
    private final long index;

    public NonFiniteValueException(String what, long index, float value) {
        super(what + ": value at index " + index + " is " + value + "; quantization needs finite values");
        this.index = index;
    }

    public long index() {
        return index;
    }
}
