package dev.chord.harness.quantize;

import java.io.IOException;

/**
 * The values of one tensor's rows as F32, produced on demand so that no more than a slab of rows is ever in
 * memory: decoded from a file ({@link FileRowSource}) or generated.
 */
public interface RowSource {

    /**
     * Called on the encoding thread before rows {@code [first, first + count)} are asked for, in increasing
     * order of {@code first}; a source that reads a file reads their bytes here.
     */
    default void prepare(long first, int count) throws IOException {
    }

    /**
     * Writes rows {@code [row, row + n)} (within the prepared ones), {@code rowLength} values each, to
     * {@code dst[0, n * rowLength)}. Called from several threads at once for disjoint rows.
     */
    void read(long row, int n, float[] dst);
}
