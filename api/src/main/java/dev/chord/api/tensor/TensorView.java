package dev.chord.api.tensor;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A named tensor of any rank (1 to 4) in ggml's shape order ({@code shape[0]} is the contiguous
 * dimension), viewing its bytes in place.
 */
public record TensorView(String name, GgmlType type, long[] shape, MemorySegment data) {

    public TensorView {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** This tensor as a matrix of {@code shape[0]} columns and the product of the other dims as rows. */
    public WeightMatrix asMatrix() {
        long rows = elementCount() / shape[0];
        if (rows > Integer.MAX_VALUE || shape[0] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " too large for a matrix view");
        }
        return new WeightMatrix(name, type, data, (int) rows, (int) shape[0]);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorView t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape)
                && t.data.equals(data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
