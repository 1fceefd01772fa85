package dev.chord.harness.quantize;

import dev.chord.api.ggml.GgmlType;

import java.util.Arrays;

/**
 * A tensor as the quantizer sees it: name, stored type and shape in ggml order ({@code shape[0]} is the row
 * length). The shape is kept as ggml holds it: trailing dimensions of 1 dropped ({@code ggml_n_dims}), which
 * is also how llama.cpp writes it back.
 */
public record TensorSpec(String name, GgmlType type, long[] shape) {

    public TensorSpec {
        shape = trimTrailingOnes(shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Dimensions that count: ggml's {@code ggml_n_dims} (at least 1). */
    public int dims() {
        return shape.length;
    }

    /** The row length: {@code ne[0]}. */
    public long rowLength() {
        return shape[0];
    }

    /** Rows of {@link #rowLength()} values: the product of the other dimensions. */
    public long rows() {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n = Math.multiplyExact(n, shape[i]);
        }
        return n;
    }

    /** {@code ne[i]}, 1 beyond the stored dimensions. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public long elementCount() {
        return Math.multiplyExact(rows(), rowLength());
    }

    public long byteSize() {
        return type.bytesFor(elementCount());
    }

    public TensorSpec withType(GgmlType t) {
        return new TensorSpec(name, t, shape);
    }

    private static long[] trimTrailingOnes(long[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a tensor needs at least one dimension");
        }
        int n = shape.length;
        while (n > 1 && shape[n - 1] == 1) {
            n--;
        }
        return Arrays.copyOf(shape, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type.ggmlName() + " " + Arrays.toString(shape);
    }
}
