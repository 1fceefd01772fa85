package dev.chord.harness.quantize;

import dev.chord.api.quant.QuantFormat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Rows of a tensor stored in a file, decoded to F32 by its format (F16/BF16 widened, quantized types
 * dequantized as ggml's {@code to_float} does): each prepared slab's bytes are read once, then decoded by
 * whichever threads ask for its rows.
 */
final class FileRowSource implements RowSource {

    private final TensorBytes file;
    private final long dataOffset;
    private final QuantFormat format;
    private final int rowLength;
    private final long rowBytes;
    private MemorySegment slab;
    private long slabFirst;

    /** {@code dataOffset}: the absolute file offset of the tensor's first byte. */
    FileRowSource(TensorBytes file, long dataOffset, QuantFormat format, int rowLength) {
        this.file = file;
        this.dataOffset = dataOffset;
        this.format = format;
        this.rowLength = rowLength;
        this.rowBytes = format.type().bytesFor(rowLength);
    }

    @Override
    public void prepare(long first, int count) throws IOException {
        slab = file.read(dataOffset + first * rowBytes, count * rowBytes);
        slabFirst = first;
    }

    @Override
    public void read(long row, int n, float[] dst) {
        format.dequantizeRow(slab, (row - slabFirst) * rowBytes, dst, 0, n * rowLength);
    }
}
