package dev.chord.api.tensor;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A 2-D weight tensor as ggml lays it out: {@code rows} rows of {@code cols} values each, every row
 * {@code type.bytesFor(cols)} bytes, rows consecutive. In ggml's shape order this is {@code [cols, rows]}
 * (ne0 = cols). {@code data} is a view (usually of a mapped file), never a copy.
 */
public record WeightMatrix(String name, GgmlType type, MemorySegment data, int rows, int cols) {

    public WeightMatrix {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": shape " + rows + "x" + cols + " must be positive");
        }
        if (type.isRemoved() || cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": row length " + cols + " is not a multiple of the "
                    + type.ggmlName() + " block size " + type.blockSize());
        }
        long need = (long) rows * type.bytesFor(cols);
        if (data.byteSize() < need) {
            throw new IllegalArgumentException(name + ": " + rows + "x" + cols + " " + type.ggmlName()
                    + " needs " + need + " bytes, segment has " + data.byteSize());
        }
    }

    /** Bytes per row. */
    public long rowBytes() {
        return type.bytesFor(cols);
    }

    /** Bytes of the whole matrix. */
    public long byteSize() {
        return rowBytes() * rows;
    }

    /** Byte offset of row {@code r} within {@link #data()}. */
    public long rowOffset(int r) {
        return r * rowBytes();
    }
}
