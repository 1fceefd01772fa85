package dev.chord.gguf;

import dev.chord.api.ggml.GgmlType;

import java.util.Arrays;

/**
 * A tensor's entry in the GGUF header: name, type, shape in ggml order ({@code shape[0]} is contiguous),
 * and the offset of its data relative to the start of the data section.
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long offset) {

    public GgufTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of data: whole blocks of the type. */
    public long byteSize() {
        return type.bytesFor(elementCount());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape)
                && t.offset == offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type.ggmlName() + " " + Arrays.toString(shape) + " @" + offset;
    }
}
