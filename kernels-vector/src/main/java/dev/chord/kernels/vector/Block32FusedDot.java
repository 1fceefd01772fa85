package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
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
 * weights multiply every tile row's activations into that row's two accumulators. Only the decode depends
 * on the format (see {@link FusedTileDot} for why it is written inside the loop).
 */
final class Block32FusedDot extends FusedTileDot {
    private static final VectorSpecies<Float> F = Lanes.FLOATS;
    private static final VectorSpecies<Integer> I = Lanes.INTS;
    private static final VectorSpecies<Byte> B = Lanes.BYTES_PER_FLOATS;
    private static final boolean MASKED = Lanes.MASKED_BYTE_LOADS;
    private static final VectorMask<Byte> FIRST = Lanes.FIRST_FLOAT_LANES;
    private static final int L = F.length();
    /** Lane i holds i: the shift that brings the fifth bit of lane i's value under the mask 16. */
    private static final IntVector LANE_INDEX = IntVector.zero(I).addIndex(1);
    /** The iq4_nl codebook as a two-vector lookup table (16 entries whatever the byte vector's length). */
    private static final ByteVector CODEBOOK_1 = ByteVector.fromArray(B, Block32.codebookTwice(), 0);
    private static final ByteVector CODEBOOK_2 = ByteVector.fromArray(B, Block32.codebookTwice(), B.length());

    private final Block32 block;
    private final GgmlType type;
    /** Where the bytes of the second half's values start, relative to the first half's: 16 for q8_0, else 0. */
    private final int secondHalf;

    Block32FusedDot(GgmlType type) {
        this.block = Block32.of(type);
        this.type = type;
        this.secondHalf = type == GgmlType.Q8_0 ? Block32.HALF : 0;
    }

    @Override
    void tile(MemorySegment w, long row, int cols, float[] x, int xOff, int xStride, int rows, float[] y, int yOff, int yStride) {
        int x0 = rowStart(xOff, xStride, rows, 0);
        int x1 = rowStart(xOff, xStride, rows, 1);
        int x2 = rowStart(xOff, xStride, rows, 2);
        int x3 = rowStart(xOff, xStride, rows, 3);
        FloatVector l0 = FloatVector.zero(F);
        FloatVector h0 = FloatVector.zero(F);
        FloatVector l1 = FloatVector.zero(F);
        FloatVector h1 = FloatVector.zero(F);
        FloatVector l2 = FloatVector.zero(F);
        FloatVector h2 = FloatVector.zero(F);
        FloatVector l3 = FloatVector.zero(F);
        FloatVector h3 = FloatVector.zero(F);
        int blocks = cols / Block32.VALUES;
        for (int k = 0; k < blocks; k++) {
            long at = row + (long) k * block.blockBytes();
            float d = Lanes.half(w, at);
            FloatVector dv = FloatVector.broadcast(F, d);
            FloatVector ov = FloatVector.broadcast(F, block.hasMin() ? block.min(w, at) : block.levelOffset() * d);
            int qh = block.highBits(w, at);
            int c = k * Block32.VALUES;
            for (int j = 0; j < Block32.HALF; j += L) {
                long qa = at + block.qs() + j;
                long qb = qa + secondHalf;
                ByteVector ba = MASKED ? ByteVector.fromMemorySegment(B, w, qa, Lanes.LE, FIRST) : ByteVector.fromMemorySegment(B, w, qa, Lanes.LE);
                ByteVector bb = MASKED ? ByteVector.fromMemorySegment(B, w, qb, Lanes.LE, FIRST) : ByteVector.fromMemorySegment(B, w, qb, Lanes.LE);
                ByteVector nl = ba.and((byte) 0x0F);
                ByteVector nh = bb.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
                FloatVector lo;
                FloatVector hi;
                switch (type) {
                    case Q8_0 -> {
                        lo = (FloatVector) ba.convertShape(B2F, F, 0);
                        hi = (FloatVector) bb.convertShape(B2F, F, 0);
                    }
                    case IQ4_NL -> {
                        lo = (FloatVector) nl.selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2F, F, 0);
                        hi = (FloatVector) nh.selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2F, F, 0);
                    }
                    case Q5_0, Q5_1 -> {
                        IntVector fl = IntVector.broadcast(I, (qh >>> j) << 4).lanewise(LSHR, LANE_INDEX).and(16);
                        IntVector fh = IntVector.broadcast(I, (qh >>> (Block32.HALF + j)) << 4).lanewise(LSHR, LANE_INDEX).and(16);
                        lo = (FloatVector) ((IntVector) nl.convertShape(B2I, I, 0)).add(fl).convert(I2F, 0);
                        hi = (FloatVector) ((IntVector) nh.convertShape(B2I, I, 0)).add(fh).convert(I2F, 0);
                    }
                    default -> {
                        lo = (FloatVector) nl.convertShape(B2F, F, 0);
                        hi = (FloatVector) nh.convertShape(B2F, F, 0);
                    }
                }
                lo = lo.fma(dv, ov);
                hi = hi.fma(dv, ov);
                int cl = c + j;
                int ch = c + Block32.HALF + j;
                l0 = lo.fma(FloatVector.fromArray(F, x, x0 + cl), l0);
                h0 = hi.fma(FloatVector.fromArray(F, x, x0 + ch), h0);
                if (rows > 1) {
                    l1 = lo.fma(FloatVector.fromArray(F, x, x1 + cl), l1);
                    h1 = hi.fma(FloatVector.fromArray(F, x, x1 + ch), h1);
                }
                if (rows > 2) {
                    l2 = lo.fma(FloatVector.fromArray(F, x, x2 + cl), l2);
                    h2 = hi.fma(FloatVector.fromArray(F, x, x2 + ch), h2);
                }
                if (rows > 3) {
                    l3 = lo.fma(FloatVector.fromArray(F, x, x3 + cl), l3);
                    h3 = hi.fma(FloatVector.fromArray(F, x, x3 + ch), h3);
                }
            }
        }
        store(y, yOff, yStride, rows, l0.add(h0).reduceLanes(ADD), l1.add(h1).reduceLanes(ADD),
                l2.add(h2).reduceLanes(ADD), l3.add(h3).reduceLanes(ADD));
    }
}
