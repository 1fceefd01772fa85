package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Base of {@code scalar.fused}'s row dots. A weight row is decoded one chunk at a time into a small
 * per-thread buffer, and each decoded chunk is multiplied with every activation row of the tile before the
 * next chunk is decoded: each weight is decoded once per tile, and no F32 copy of the row exists. A chunk is
 * one block of a block format (32 values, 256 for super-blocks) or 32 values of F32, F16 and BF16 (the last
 * chunk of a row may be shorter). Subclasses only decode; the arithmetic here is plain F32.
 */
abstract class ScalarFusedDot implements F32RowDot {

    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int MAX_CHUNK = 256;
    // F32RowDot instances are shared by every worker thread, so the chunk buffer is per thread; one lookup
    // per row and tile, no allocation per call once a worker has its buffer.
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[MAX_CHUNK]);

    private final int chunk;
    private final long chunkBytes;

    ScalarFusedDot(GgmlType type) {
        this.chunk = Math.max(32, type.blockSize());
        this.chunkBytes = type.bytesFor(chunk);
    }

    @Override
    public final void dot(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
                          float[] y, int yOff, int yStride) {
        float[] w = BUFFER.get();
        for (int b = 0; b < n; b++) {
            y[yOff + b * yStride] = 0f;
        }
        long at = rowOffset;
        for (int c = 0; c < cols; c += chunk, at += chunkBytes) {
            int len = Math.min(chunk, cols - c);
            decode(weights, at, len, w);
            for (int b = 0; b < n; b++) {
                int xo = xOff + b * xStride + c;
                float s = 0f;
                for (int i = 0; i < len; i++) {
                    s += w[i] * x[xo + i];
                }
                y[yOff + b * yStride] += s;
            }
        }
    }

    /**
     * Decodes the {@code count} values whose encoding starts at byte {@code at} of {@code src} into
     * {@code out[0, count)}. {@code count} is the chunk size, except for the last chunk of an F32/F16/BF16 row.
     */
    abstract void decode(MemorySegment src, long at, int count, float[] out);

    /** A {@code ggml_half} field. */
    static float half(MemorySegment src, long at) {
        return Float.float16ToFloat(src.get(HALF, at));
    }

    static int u8(MemorySegment src, long at) {
        return src.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }
}
