package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHR;

/**
 * {@code vector.fused} for the 32-value block formats ({@link Block32}: q4_0, q4_1, q5_0, q5_1, q8_0,
 * iq4_nl) with F32 activations. Each block is decoded in registers, {@link Lanes#FLOAT_LANES} values at a
 * time from each half (values j.. and 16 + j..): the integer levels widen to floats and become weights with
 * one fused multiply-add, {@code level * d + offset} (offset -8d, -16d or the block minimum), and the
 * weights multiply the activations into per-row accumulators. Only the decode depends on the format.
 */
final class Block32FusedDot extends FusedTileDot {
    private static final VectorSpecies<Float> F = Lanes.FLOATS;
    private static final VectorSpecies<Integer> I = Lanes.INTS;
    private static final VectorSpecies<Byte> B = Lanes.BYTES_PER_FLOATS;
    private static final int L = F.length();
    /** Lane i holds i: the shift that brings the fifth bit of lane i's value under the mask 16. */
    private static final IntVector LANE_INDEX = IntVector.zero(I).addIndex(1);
    /** The iq4_nl codebook as a two-vector lookup table (16 entries whatever the byte vector's length). */
    private static final ByteVector CODEBOOK_1 = ByteVector.fromArray(B, twice(Block32.IQ4_NL_LEVELS), 0);
    private static final ByteVector CODEBOOK_2 = ByteVector.fromArray(B, twice(Block32.IQ4_NL_LEVELS), B.length());

    private final Block32 block;
    private final GgmlType type;

    Block32FusedDot(GgmlType type) {
        this.block = Block32.of(type);
        this.type = type;
    }

    private static byte[] twice(byte[] levels) {
        byte[] t = new byte[2 * levels.length];
        System.arraycopy(levels, 0, t, 0, levels.length);
        System.arraycopy(levels, 0, t, levels.length, levels.length);
        return t;
    }

    /** The scale applied to every level of the block at {@code at} is {@code d}; this is what is added. */
    private float offset(MemorySegment w, long at, float d) {
        return block.hasMin() ? block.min(w, at) : block.levelOffset() * d;
    }

    /**
     * The integer levels of values {@code 16*half + j} to {@code 16*half + j + L} of the block at {@code at},
     * as floats ({@code qh}: the block's fifth bits).
     */
    private FloatVector levels(MemorySegment w, long at, int half, int j, int qh) {
        if (type == GgmlType.Q8_0) {
            return (FloatVector) Lanes.bytesForFloats(w, at + block.qs() + Block32.HALF * half + j).convertShape(B2F, F, 0);
        }
        ByteVector q = Lanes.bytesForFloats(w, at + block.qs() + j);
        ByteVector nibbles = half == 0 ? q.and((byte) 0x0F)
                : q.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
        return switch (type) {
            case IQ4_NL -> (FloatVector) nibbles.selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2F, F, 0);
            case Q5_0, Q5_1 -> {
                IntVector fifth = IntVector.broadcast(I, (qh >>> (Block32.HALF * half + j)) << 4).lanewise(LSHR, LANE_INDEX).and(16);
                yield (FloatVector) ((IntVector) nibbles.convertShape(B2I, I, 0)).add(fifth).convert(I2F, 0);
            }
            default -> (FloatVector) nibbles.convertShape(B2F, F, 0);
        };
    }

    @Override
    float dot1(MemorySegment w, long row, int cols, float[] x, int xo) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int blocks = cols / Block32.VALUES;
        for (int k = 0; k < blocks; k++) {
            long at = row + (long) k * block.blockBytes();
            float d = Lanes.half(w, at);
            FloatVector dv = FloatVector.broadcast(F, d);
            FloatVector ov = FloatVector.broadcast(F, offset(w, at, d));
            int qh = block.highBits(w, at);
            int xb = xo + k * Block32.VALUES;
            for (int j = 0; j < Block32.HALF; j += L) {
                a0 = levels(w, at, 0, j, qh).fma(dv, ov).fma(FloatVector.fromArray(F, x, xb + j), a0);
                a1 = levels(w, at, 1, j, qh).fma(dv, ov).fma(FloatVector.fromArray(F, x, xb + Block32.HALF + j), a1);
            }
        }
        return a0.add(a1).reduceLanes(ADD);
    }

    @Override
    void dot4(MemorySegment w, long row, int cols, float[] x, int xOff, int xStride, int rows, float[] y, int yOff, int yStride) {
        int x0 = rowStart(xOff, xStride, rows, 0);
        int x1 = rowStart(xOff, xStride, rows, 1);
        int x2 = rowStart(xOff, xStride, rows, 2);
        int x3 = rowStart(xOff, xStride, rows, 3);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int blocks = cols / Block32.VALUES;
        for (int k = 0; k < blocks; k++) {
            long at = row + (long) k * block.blockBytes();
            float d = Lanes.half(w, at);
            FloatVector dv = FloatVector.broadcast(F, d);
            FloatVector ov = FloatVector.broadcast(F, offset(w, at, d));
            int qh = block.highBits(w, at);
            int c = k * Block32.VALUES;
            for (int j = 0; j < Block32.HALF; j += L) {
                FloatVector lo = levels(w, at, 0, j, qh).fma(dv, ov);
                FloatVector hi = levels(w, at, 1, j, qh).fma(dv, ov);
                int cl = c + j;
                int ch = c + Block32.HALF + j;
                a0 = hi.fma(FloatVector.fromArray(F, x, x0 + ch), lo.fma(FloatVector.fromArray(F, x, x0 + cl), a0));
                a1 = hi.fma(FloatVector.fromArray(F, x, x1 + ch), lo.fma(FloatVector.fromArray(F, x, x1 + cl), a1));
                a2 = hi.fma(FloatVector.fromArray(F, x, x2 + ch), lo.fma(FloatVector.fromArray(F, x, x2 + cl), a2));
                a3 = hi.fma(FloatVector.fromArray(F, x, x3 + ch), lo.fma(FloatVector.fromArray(F, x, x3 + cl), a3));
            }
        }
        store(y, yOff, yStride, rows, a0.reduceLanes(ADD), a1.reduceLanes(ADD), a2.reduceLanes(ADD), a3.reduceLanes(ADD));
    }
}
