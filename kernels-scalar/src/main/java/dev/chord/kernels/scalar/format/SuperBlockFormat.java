package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The row loop, argument checks and byte access shared by the formats that store 256-value super-blocks
 * (the K-quants and IQ4_XS). A subclass decodes one block straight from the segment and encodes one block
 * into a reused byte array, which is then copied to the destination in one piece.
 *
 * @param <S> per-call scratch space of the subclass's quantizer, allocated once per row, never per block
 */
abstract class SuperBlockFormat<S> extends BlockFormat {

    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The quantizer's scratch and the block being built, one per thread, reused across blocks and rows. */
    private record Scratch<S>(S state, byte[] block) {
    }

    private final ThreadLocal<Scratch<S>> scratch;

    SuperBlockFormat(GgmlType type) {
        // ggml-cpu.c type_traits_cpu: every K-quant and IQ4_XS takes its activations as q8_K.
        super(type, GgmlType.Q8_K, type.blockBytes());
        if (type.blockSize() != KQuantMath.QK_K) {
            throw new AssertionError(type + " is not a super-block type");
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch<>(newScratch(), new byte[type.blockBytes()]));
    }

    /** Decodes the block at {@code off} into {@code dst[dstOff .. dstOff+255]}. */
    abstract void dequantizeBlock(MemorySegment src, long off, float[] dst, int dstOff);

    /** A fresh scratch for the quantizer (one per thread). */
    abstract S newScratch();

    /** Encodes {@code x[xOff .. xOff+255]} into {@code out[0 .. blockBytes-1]}, every byte written. */
    abstract void quantizeBlock(float[] x, int xOff, byte[] out, S scratch);

    @Override
    final void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        dequantizeBlock(src, at, dst, to);
    }

    @Override
    final void encodeBlock(float[] src, int from, MemorySegment dst, long at) {
        Scratch<S> s = scratch.get();
        quantizeBlock(src, from, s.block(), s.state());
        MemorySegment.copy(s.block(), 0, dst, ValueLayout.JAVA_BYTE, at, s.block().length);
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
