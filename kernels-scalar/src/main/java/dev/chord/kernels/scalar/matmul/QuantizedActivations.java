package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A batch of activation rows quantized once per call to a vec-dot type with the format's
 * {@link QuantFormat#quantizeActivationRow} (ggml's CPU {@code from_float}), kept in ggml's block layout and
 * also unpacked for kernels: every int8 value in {@link #qs} (and as a float in {@link #qf}), every block
 * scale as a float in {@link #d}, q8_1's per-block {@code s = d * sum(q)} in {@link #s}, q8_K's sums of 16
 * in {@link #bsums}.
 *
 * <p>Buffers grow to the largest batch seen and are reused: no allocation per call in steady state.
 */
public final class QuantizedActivations {

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GgmlType type;
    private int rows;
    private int cols;
    private byte[] blockBytes = new byte[0];
    private MemorySegment blocks = MemorySegment.ofArray(blockBytes);
    /** Every quantized value, row-major: row r, column c at {@code r*cols + c}. */
    public byte[] qs = new byte[0];
    /**
     * {@link #qs} as floats, same layout. The values are small integers, so float lanes multiply and add
     * them exactly (every partial sum of a block stays below 2^24): Vector API kernels, which have no
     * widening int8 multiply-add, compute the integer block sums in float lanes without converting each
     * activation byte again for every weight row.
     */
    public float[] qf = new float[0];
    /** Scale of every block, row-major: row r, block k at {@code r*(cols/blockSize) + k}. */
    public float[] d = new float[0];
    /** q8_1 only: {@code d * sum(qs)} of every block as ggml stores it (F16-rounded). */
    public float[] s = new float[0];
    /** q8_K only: sums of each 16 consecutive values, row-major: row r, group g at {@code r*(cols/16) + g}. */
    public short[] bsums = new short[0];

    /** Quantizes {@code rows} rows of {@code cols} values from {@code x[xOff..]} with {@code format}. */
    public void quantize(QuantFormat format, float[] x, int xOff, int rows, int cols) {
        GgmlType t = format.type();
        int bs = t.blockSize();
        long rowBytes = t.bytesFor(cols);
        long total = rowBytes * rows;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(rows + " activation rows of " + cols + " are too many for one call");
        }
        if (blockBytes.length < total) {
            blockBytes = new byte[(int) total];
            blocks = MemorySegment.ofArray(blockBytes);
        }
        int values = rows * cols;
        int nBlocks = values / bs;
        if (qs.length < values) {
            qs = new byte[values];
            qf = new float[values];
        }
        if (d.length < nBlocks) {
            d = new float[nBlocks];
            s = new float[nBlocks];
        }
        if (t == GgmlType.Q8_K && bsums.length < values / 16) {
            bsums = new short[values / 16];
        }
        this.type = t;
        this.rows = rows;
        this.cols = cols;
        for (int r = 0; r < rows; r++) {
            format.quantizeActivationRow(x, xOff + r * cols, blocks, r * rowBytes, cols);
        }
        unpack(nBlocks);
        for (int i = 0; i < values; i++) {
            qf[i] = qs[i];
        }
    }

    /** Layouts from ggml-common.h: block_q8_0 {f16 d; i8 qs[32]}, block_q8_1 {f16 d; f16 s; i8 qs[32]},
     *  block_q8_K {f32 d; i8 qs[256]; i16 bsums[16]}. */
    private void unpack(int nBlocks) {
        int bs = type.blockSize();
        int bb = type.blockBytes();
        switch (type) {
            case Q8_0 -> {
                for (int k = 0; k < nBlocks; k++) {
                    long at = (long) k * bb;
                    d[k] = Float.float16ToFloat(blocks.get(HALF, at));
                    MemorySegment.copy(blocks, ValueLayout.JAVA_BYTE, at + 2, qs, k * bs, bs);
                }
            }
            case Q8_1 -> {
                for (int k = 0; k < nBlocks; k++) {
                    long at = (long) k * bb;
                    d[k] = Float.float16ToFloat(blocks.get(HALF, at));
                    s[k] = Float.float16ToFloat(blocks.get(HALF, at + 2));
                    MemorySegment.copy(blocks, ValueLayout.JAVA_BYTE, at + 4, qs, k * bs, bs);
                }
            }
            case Q8_K -> {
                for (int k = 0; k < nBlocks; k++) {
                    long at = (long) k * bb;
                    d[k] = blocks.get(F32, at);
                    MemorySegment.copy(blocks, ValueLayout.JAVA_BYTE, at + 4, qs, k * bs, bs);
                    MemorySegment.copy(blocks, HALF, at + 4 + bs, bsums, k * 16, 16);
                }
            }
            default -> throw new IllegalArgumentException("not an integer activation type: " + type);
        }
    }

    public GgmlType type() {
        return type;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The quantized rows in ggml's block layout (for code that reads blocks as ggml stores them). */
    public MemorySegment blocks() {
        return blocks;
    }

    /** Byte offset of row {@code r} in {@link #blocks()}. */
    public long rowOffset(int r) {
        return r * type.bytesFor(cols);
    }
}
