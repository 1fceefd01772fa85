package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;

import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Objects;

/**
 * A ggml type whose rows are sequences of independent fixed-size blocks: checks a row's arguments once,
 * then hands each block to the subclass. Subclasses only describe one block's layout and arithmetic.
 *
 * <p>Quantizers refuse NaN and infinite input ({@link dev.chord.api.quant.NonFiniteValueException} naming
 * the index within the row) before writing anything; formats that can represent such values (F32, F16,
 * BF16) say so with {@link #acceptsNonFinite()}.
 */
abstract class BlockFormat implements QuantFormat {

    private final GgmlType type;
    private final GgmlType vecDotType;
    private final int blockSize;
    private final int layoutBytes;

    /**
     * @param layoutBytes the block's size as this class lays it out, field by field; a test checks it equals
     *                    ggml's {@link GgmlType#blockBytes()}, and rows step by it
     */
    BlockFormat(GgmlType type, GgmlType vecDotType, int layoutBytes) {
        this.type = type;
        this.vecDotType = vecDotType;
        this.blockSize = type.blockSize();
        this.layoutBytes = layoutBytes;
    }

    @Override
    public final GgmlType type() {
        return type;
    }

    @Override
    public final GgmlType vecDotType() {
        return vecDotType;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "ggml %s reference: %d value%s in %d bytes (%s bits/value), dot products with %s",
                type.ggmlName(), blockSize, blockSize == 1 ? "" : "s", type.blockBytes(),
                trim(type.bitsPerValue()), vecDotType.ggmlName());
    }

    /** The block size in bytes of this class's layout (equals ggml's; see the constructor). */
    final int layoutBytes() {
        return layoutBytes;
    }

    /** Whether NaN and infinities are encoded rather than refused. */
    boolean acceptsNonFinite() {
        return false;
    }

    @Override
    public final void dequantizeRow(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
        checkRow(src, srcOffset, dst, dstOffset, n, "dequantizeRow");
        long at = srcOffset;
        for (int i = 0; i < n; i += blockSize) {
            decodeBlock(src, at, dst, dstOffset + i);
            at += layoutBytes;
        }
    }

    @Override
    public final void quantizeRow(float[] src, int srcOffset, MemorySegment dst, long dstOffset, int n) {
        checkRow(dst, dstOffset, src, srcOffset, n, "quantizeRow");
        if (!acceptsNonFinite()) {
            FiniteInput.require(type.ggmlName(), "quantizeRow", src, srcOffset, n);
        }
        long at = dstOffset;
        for (int i = 0; i < n; i += blockSize) {
            encodeBlock(src, srcOffset + i, dst, at);
            at += layoutBytes;
        }
    }

    @Override
    public final void quantizeActivationRow(float[] src, int srcOffset, MemorySegment dst, long dstOffset, int n) {
        checkRow(dst, dstOffset, src, srcOffset, n, "quantizeActivationRow");
        if (!acceptsNonFinite()) {
            FiniteInput.require(type.ggmlName(), "quantizeActivationRow", src, srcOffset, n);
        }
        long at = dstOffset;
        for (int i = 0; i < n; i += blockSize) {
            encodeActivationBlock(src, srcOffset + i, dst, at, i, n);
            at += layoutBytes;
        }
    }

    /** Decodes the block at byte {@code at} of {@code src} into {@code blockSize} floats at {@code dst[to]}. */
    abstract void decodeBlock(MemorySegment src, long at, float[] dst, int to);

    /** The reference quantizer for the block of values at {@code src[from]}. */
    abstract void encodeBlock(float[] src, int from, MemorySegment dst, long at);

    /**
     * ggml's CPU {@code from_float} for one block; the same as {@link #encodeBlock} unless overridden.
     * {@code indexInRow} and {@code rowLength} let a converter that treats a row's tail differently do so.
     */
    void encodeActivationBlock(float[] src, int from, MemorySegment dst, long at, int indexInRow, int rowLength) {
        encodeBlock(src, from, dst, at);
    }

    private void checkRow(MemorySegment seg, long segOffset, float[] values, int valuesOffset, int n, String op) {
        Objects.requireNonNull(seg, "segment");
        Objects.requireNonNull(values, "values");
        // messages are built only when thrown: kernels call this per row (per block for scalar.fused), and
        // a matrix product allocates nothing per call
        if (n < 0 || n % blockSize != 0) {
            throw new IllegalArgumentException(type.ggmlName() + " " + op + ": " + n + " values are not whole blocks of " + blockSize);
        }
        if (valuesOffset < 0 || valuesOffset > values.length - n) {
            throw new IndexOutOfBoundsException(type.ggmlName() + " " + op + ": values [" + valuesOffset + ", "
                    + ((long) valuesOffset + n) + ") outside the array of " + values.length);
        }
        long bytes = (long) (n / blockSize) * layoutBytes;
        if (segOffset < 0 || segOffset > seg.byteSize() - bytes) {
            throw new IndexOutOfBoundsException(type.ggmlName() + " " + op + ": bytes [" + segOffset + ", "
                    + (segOffset + bytes) + ") outside the segment of " + seg.byteSize() + " bytes");
        }
    }

    private static String trim(double bits) {
        return bits == Math.rint(bits) ? Long.toString((long) bits) : Double.toString(bits);
    }
}
