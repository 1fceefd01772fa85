package dev.chord.harness.quantize;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.NonFiniteValueException;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.gguf.GgufWriter;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Converts a tensor's rows to a target type slab by slab and hands the bytes to a {@link GgufWriter} sink:
 * a slab of rows is produced by the {@link RowSource} and converted by the executor's threads, each taking
 * chunks of rows (ggml quantizes rows independently, so the split does not change a byte), then written. At
 * most one slab's output ({@link #SLAB_VALUES} values) and one chunk of F32 values per thread are held.
 */
public final class RowEncoder implements AutoCloseable {

    /** Values per slab: 32 MiB of F32 at most, whatever the tensor's size. */
    static final int SLAB_VALUES = 8 << 20;
    /** Values a thread converts per call, like llama.cpp's 32 x 512 chunk. */
    private static final int CHUNK_VALUES = 32 * 512;

    private final ChordExecutor executor;
    private final QuantFormats formats;
    private Arena arena = Arena.ofShared();
    private final float[][] scratch;
    private MemorySegment out = MemorySegment.NULL;

    public RowEncoder(ChordExecutor executor, QuantFormats formats) {
        this.executor = executor;
        this.formats = formats;
        this.scratch = new float[executor.threads()][];
    }

    /** Rows of a slab for rows of {@code rowLength} values. */
    static int slabRows(long rowLength, long rows) {
        return (int) Math.max(1, Math.min(rows, SLAB_VALUES / rowLength));
    }

    /**
     * Writes tensor {@code t}'s rows from {@code source}, converted to {@code target}, to {@code sink}.
     *
     * @throws IllegalArgumentException naming the tensor and row when a value cannot be encoded (NaN, infinity)
     */
    public void encode(TensorSpec t, GgmlType target, RowSource source, GgufWriter.TensorSink sink) throws IOException {
        long rowLength = t.rowLength();
        if (rowLength > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(t.name() + ": rows of " + rowLength + " values are too long to convert");
        }
        int cols = (int) rowLength;
        QuantFormat format = formats.forType(target);
        if (!format.canQuantize()) {
            throw new IllegalArgumentException(t.name() + ": Chord cannot encode " + target);
        }
        long rowBytes = target.bytesFor(cols);
        long rows = t.rows();
        int slab = slabRows(cols, rows);
        ensureOut(slab * rowBytes);
        int chunkRows = Math.max(1, Math.min(slab, CHUNK_VALUES / cols));
        for (int w = 0; w < scratch.length; w++) {
            if (scratch[w] == null || scratch[w].length < chunkRows * cols) {
                scratch[w] = new float[chunkRows * cols];
            }
        }
        boolean checkFinite = !target.isQuantized(); // quantizers refuse NaN/Inf themselves
        for (long first = 0; first < rows; first += slab) {
            int n = (int) Math.min(slab, rows - first);
            source.prepare(first, n);
            long base = first;
            executor.parallelFor(n, chunkRows, (worker, from, to) -> {
                float[] buf = scratch[worker];
                for (int r = from; r < to; r += chunkRows) {
                    int k = Math.min(chunkRows, to - r);
                    source.read(base + r, k, buf);
                    if (checkFinite) {
                        requireFinite(t, base + r, buf, k * cols, cols);
                    }
                    try {
                        format.quantizeRow(buf, 0, out, r * rowBytes, k * cols);
                    } catch (NonFiniteValueException e) {
                        throw new IllegalArgumentException(t.name() + ": rows " + (base + r) + ".." + (base + r + k - 1)
                                + " cannot be encoded as " + target + ": " + e.getMessage(), e);
                    }
                }
            });
            sink.write(out.asSlice(0, n * rowBytes));
        }
    }

    private static void requireFinite(TensorSpec t, long firstRow, float[] v, int n, int cols) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(t.name() + ": row " + (firstRow + i / cols) + " has the value "
                        + v[i] + " at column " + (i % cols) + "; llama.cpp refuses non-finite data too");
            }
        }
    }

    private void ensureOut(long bytes) {
        if (out.byteSize() < bytes) {
            arena.close();
            arena = Arena.ofShared();
            out = arena.allocate(bytes, 64);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
