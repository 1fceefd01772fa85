package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.NonFiniteValueException;
import dev.chord.api.quant.QuantFormat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The row loop, argument checks and byte access shared by the formats that store 256-value super-blocks
 * (the K-quants and IQ4_XS). A subclass decodes one block straight from the segment and encodes one block
 * into a reused byte array, which is then copied to the destination in one piece.
 *
 * @param <S> per-call scratch space of the subclass's quantizer, allocated once per row, never per block
 */
abstract class SuperBlockFormat<S> implements QuantFormat {

    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final GgmlType type;

    SuperBlockFormat(GgmlType type) {
        this.type = type;
        if (type.blockSize() != KQuantMath.QK_K) {
            throw new AssertionError(type + " is not a super-block type");
        }
    }

    @Override
    public final GgmlType type() {
        return type;
    }

    @Override
    public GgmlType vecDotType() {
        // ggml-cpu.c type_traits_cpu: every K-quant and IQ4_XS takes its activations as q8_K.
        return GgmlType.Q8_K;
    }

    /** Decodes the block at {@code off} into {@code dst[dstOff .. dstOff+255]}. */
    abstract void dequantizeBlock(MemorySegment src, long off, float[] dst, int dstOff);

    /** A fresh scratch for one call of {@link #quantizeRow}. */
    abstract S newScratch();

    /** Encodes {@code x[xOff .. xOff+255]} into {@code out[0 .. blockBytes-1]}, every byte written. */
    abstract void quantizeBlock(float[] x, int xOff, byte[] out, S scratch);

    @Override
    public final void dequantizeRow(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        int blocks = blocks(n);
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        checkSegment("source", src, srcOffset, n);
        int bytes = type.blockBytes();
        for (int b = 0; b < blocks; b++) {
            dequantizeBlock(src, srcOffset + (long) b * bytes, dst, dstOffset + b * KQuantMath.QK_K);
        }
    }

    @Override
    public final void quantizeRow(float[] src, int srcOffset, MemorySegment dst, long dstOffset, int n) {
        int blocks = blocks(n);
        Objects.checkFromIndexSize(srcOffset, n, src.length);
        checkSegment("destination", dst, dstOffset, n);
        requireFinite(src, srcOffset, n);
        int bytes = type.blockBytes();
        byte[] block = new byte[bytes];
        S scratch = newScratch();
        for (int b = 0; b < blocks; b++) {
            quantizeBlock(src, srcOffset + b * KQuantMath.QK_K, block, scratch);
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * bytes, bytes);
        }
    }

    private int blocks(int n) {
        if (n < 0 || n % KQuantMath.QK_K != 0) {
            throw new IllegalArgumentException(type + ": a row of " + n + " values is not whole super-blocks of "
                    + KQuantMath.QK_K);
        }
        return n / KQuantMath.QK_K;
    }

    private void checkSegment(String role, MemorySegment seg, long offset, int n) {
        long need = type.bytesFor(n);
        if (offset < 0 || offset > seg.byteSize() - need) {
            throw new IndexOutOfBoundsException(type + ": " + n + " values need " + need + " bytes at " + role
                    + " offset " + offset + ", but the segment has " + seg.byteSize() + " bytes");
        }
    }

    private void requireFinite(float[] src, int srcOffset, int n) {
        for (int i = 0; i < n; i++) {
            float v = src[srcOffset + i];
            if (!Float.isFinite(v)) {
                throw new NonFiniteValueException(type + " quantizeRow (row starting at src[" + srcOffset + "])", i, v);
            }
        }
    }

    static int u8(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    static float half(MemorySegment s, long off) {
        return KQuantMath.fromHalf(s.get(HALF, off));
    }

    static void putHalf(byte[] out, int off, short h) {
        out[off] = (byte) h;
        out[off + 1] = (byte) (h >> 8);
    }

    @Override
    public String toString() {
        return name();
    }
}
