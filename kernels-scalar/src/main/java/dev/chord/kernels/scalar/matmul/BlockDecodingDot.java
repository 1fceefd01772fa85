package dev.chord.kernels.scalar.matmul;

import dev.chord.api.quant.QuantFormat;

import java.lang.foreign.MemorySegment;

/**
 * {@code scalar.fused}'s row dot for a super-block format (the K-quants, iq4_xs): decodes one block at a time
 * with the format's reference decoder into a per-thread buffer that stays in L1, and multiplies it into
 * every activation row of the tile before decoding the next block. No row-sized buffer, no allocation per
 * call; the decoding is the format's own, so this twin checks the vector kernels against the reference
 * decoder with only the summation order changed.
 */
final class BlockDecodingDot implements F32RowDot {

    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[256]);

    private final QuantFormat format;
    private final int blockSize;
    private final long blockBytes;

    BlockDecodingDot(QuantFormat format) {
        this.format = format;
        this.blockSize = format.type().blockSize();
        this.blockBytes = format.type().blockBytes();
        if (blockSize > 256) {
            throw new IllegalArgumentException(format.name() + ": blocks of " + blockSize + " values do not fit the buffer");
        }
    }

    @Override
    public void dot(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
                    float[] y, int yOff, int yStride) {
        float[] block = BLOCK.get();
        for (int b = 0; b < n; b++) {
            y[yOff + b * yStride] = 0f;
        }
        int blocks = cols / blockSize;
        for (int k = 0; k < blocks; k++) {
            format.dequantizeRow(weights, rowOffset + k * blockBytes, block, 0, blockSize);
            for (int b = 0; b < n; b++) {
                int xo = xOff + b * xStride + k * blockSize;
                float sum = 0f;
                for (int i = 0; i < blockSize; i++) {
                    sum += block[i] * x[xo + i];
                }
                y[yOff + b * yStride] += sum;
            }
        }
    }
}
