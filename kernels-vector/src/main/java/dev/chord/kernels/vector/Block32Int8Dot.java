package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2S;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.NE;

/**
 * {@code vector.int8} for the 4- and 5-bit 32-value block formats ({@link Block32}) with activations quantized
 * as ggml does: q8_0 for q4_0, q5_0 and iq4_nl, q8_1 for q4_1 and q5_1 (q8_0 weights: {@link Q8_0Int8Dot}).
 * Per block, the weights' integer levels (q - 8 for q4_0, q - 16 for q5_0, q for q4_1 and q5_1, the codebook
 * entry for iq4_nl) and the activations widen to 16-bit lanes; each lane gets the exact sum of two products,
 * value j's and value j + 16's (the two nibbles of one byte); lanes widen to 32 bits and add up to the
 * block's integer sum, which is converted to float once and scaled by {@code d_w * d_a}. q4_1 and q5_1 add
 * {@code m * s} per block, s being q8_1's stored {@code d_a * sum(a)}, as ggml does.
 *
 * <p>Exactness: levels are at most 127 in magnitude (iq4_nl) and activations lie in [-127, 127] (ggml's
 * quantizers scale the largest magnitude to 127), so the sum of two products is at most 32258: it fits a
 * 16-bit lane. Widening to 32 bits is exact for any 16-bit values.
 *
 * <p>Vectors hold 16 values (8 at 128 bits): the half-block that one run of nibbles holds. At 512 bits
 * these products therefore run in 256-bit registers.
 */
final class Block32Int8Dot extends Int8TileDot {
    private static final VectorSpecies<Short> S = Lanes.NIBBLE_SHORTS;
    private static final VectorSpecies<Byte> B = Lanes.NIBBLE_BYTES;
    private static final VectorSpecies<Integer> I = Lanes.NIBBLE_INTS;
    private static final VectorSpecies<Float> F = Lanes.NIBBLE_FLOATS;
    private static final int L = S.length();
    /** Lane i holds 1 << i: selects the fifth bit of lane i's value from the (shifted) qh word. */
    private static final ShortVector LANE_BIT = ShortVector.broadcast(S, (short) 1).lanewise(LSHL, ShortVector.zero(S).addIndex(1));
    private static final ByteVector CODEBOOK_1 = ByteVector.fromArray(B, Block32.codebookTwice(), 0);
    private static final ByteVector CODEBOOK_2 = ByteVector.fromArray(B, Block32.codebookTwice(), B.length());

    private final Block32 block;
    private final GgmlType type;

    Block32Int8Dot(GgmlType type) {
        if (type == GgmlType.Q8_0) {
            throw new IllegalArgumentException("q8_0 has its own full-width row dot, Q8_0Int8Dot");
        }
        this.block = Block32.of(type);
        this.type = type;
    }

    @Override
    int partialCount(int cols) {
        return cols / Block32.VALUES;
    }

    @Override
    void tile(MemorySegment w, long row, int cols, QuantizedActivations a, int aRow, int rows, float[] y, int yOff,
              int yStride, int[] partials) {
        int blocks = cols / Block32.VALUES;
        byte[] qs = a.qs;
        float[] da = a.d;
        float[] sa = a.s;
        int r0 = tileRow(aRow, rows, 0);
        int r1 = tileRow(aRow, rows, 1);
        int r2 = tileRow(aRow, rows, 2);
        int r3 = tileRow(aRow, rows, 3);
        FloatVector f0 = FloatVector.zero(F);
        FloatVector f1 = FloatVector.zero(F);
        FloatVector f2 = FloatVector.zero(F);
        FloatVector f3 = FloatVector.zero(F);
        float m0 = 0f;
        float m1 = 0f;
        float m2 = 0f;
        float m3 = 0f;
        for (int k = 0; k < blocks; k++) {
            long at = row + (long) k * block.blockBytes();
            int qh = block.highBits(w, at);
            int c = k * Block32.VALUES;
            IntVector s0 = IntVector.zero(I);
            IntVector s1 = IntVector.zero(I);
            IntVector s2 = IntVector.zero(I);
            IntVector s3 = IntVector.zero(I);
            for (int j = 0; j < Block32.HALF; j += L) {
                ByteVector q = ByteVector.fromMemorySegment(B, w, at + block.qs() + j, Lanes.LE);
                ByteVector nl = q.and((byte) 0x0F);
                ByteVector nh = q.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
                ShortVector lo;
                ShortVector hi;
                switch (type) {
                    case Q4_0 -> {
                        lo = ((ShortVector) nl.convertShape(B2S, S, 0)).sub((short) 8);
                        hi = ((ShortVector) nh.convertShape(B2S, S, 0)).sub((short) 8);
                    }
                    case IQ4_NL -> {
                        lo = (ShortVector) nl.selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2S, S, 0);
                        hi = (ShortVector) nh.selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2S, S, 0);
                    }
                    case Q5_0, Q5_1 -> {
                        ShortVector fl = ShortVector.broadcast(S, (short) (qh >>> j)).and(LANE_BIT);
                        ShortVector fh = ShortVector.broadcast(S, (short) (qh >>> (Block32.HALF + j))).and(LANE_BIT);
                        short offset = (short) block.levelOffset();
                        lo = ((ShortVector) nl.convertShape(B2S, S, 0)).lanewise(ADD, (short) 16, fl.compare(NE, 0)).add(offset);
                        hi = ((ShortVector) nh.convertShape(B2S, S, 0)).lanewise(ADD, (short) 16, fh.compare(NE, 0)).add(offset);
                    }
                    default -> {
                        lo = (ShortVector) nl.convertShape(B2S, S, 0);
                        hi = (ShortVector) nh.convertShape(B2S, S, 0);
                    }
                }
                int cl = c + j;
                int ch = c + Block32.HALF + j;
                IntVector p0 = lo.mul((ShortVector) ByteVector.fromArray(B, qs, r0 * cols + cl).convertShape(B2S, S, 0))
                        .add(hi.mul((ShortVector) ByteVector.fromArray(B, qs, r0 * cols + ch).convertShape(B2S, S, 0)))
                        .reinterpretAsInts();
                s0 = s0.add(p0.lanewise(ASHR, 16)).add(p0.lanewise(LSHL, 16).lanewise(ASHR, 16));
                if (rows > 1) {
                    IntVector p1 = lo.mul((ShortVector) ByteVector.fromArray(B, qs, r1 * cols + cl).convertShape(B2S, S, 0))
                            .add(hi.mul((ShortVector) ByteVector.fromArray(B, qs, r1 * cols + ch).convertShape(B2S, S, 0)))
                            .reinterpretAsInts();
                    s1 = s1.add(p1.lanewise(ASHR, 16)).add(p1.lanewise(LSHL, 16).lanewise(ASHR, 16));
                }
                if (rows > 2) {
                    IntVector p2 = lo.mul((ShortVector) ByteVector.fromArray(B, qs, r2 * cols + cl).convertShape(B2S, S, 0))
                            .add(hi.mul((ShortVector) ByteVector.fromArray(B, qs, r2 * cols + ch).convertShape(B2S, S, 0)))
                            .reinterpretAsInts();
                    s2 = s2.add(p2.lanewise(ASHR, 16)).add(p2.lanewise(LSHL, 16).lanewise(ASHR, 16));
                }
                if (rows > 3) {
                    IntVector p3 = lo.mul((ShortVector) ByteVector.fromArray(B, qs, r3 * cols + cl).convertShape(B2S, S, 0))
                            .add(hi.mul((ShortVector) ByteVector.fromArray(B, qs, r3 * cols + ch).convertShape(B2S, S, 0)))
                            .reinterpretAsInts();
                    s3 = s3.add(p3.lanewise(ASHR, 16)).add(p3.lanewise(LSHL, 16).lanewise(ASHR, 16));
                }
            }
            if (partials != null) {
                partials[k] = s0.reduceLanes(ADD);
            }
            float d = Lanes.half(w, at);
            f0 = ((FloatVector) s0.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r0 * blocks + k]), f0);
            if (rows > 1) {
                f1 = ((FloatVector) s1.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r1 * blocks + k]), f1);
            }
            if (rows > 2) {
                f2 = ((FloatVector) s2.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r2 * blocks + k]), f2);
            }
            if (rows > 3) {
                f3 = ((FloatVector) s3.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r3 * blocks + k]), f3);
            }
            if (block.hasMin()) {
                float m = block.min(w, at);
                m0 += m * sa[r0 * blocks + k];
                m1 += m * sa[r1 * blocks + k];
                m2 += m * sa[r2 * blocks + k];
                m3 += m * sa[r3 * blocks + k];
            }
        }
        FusedTileDot.store(y, yOff, yStride, rows, f0.reduceLanes(ADD) + m0, f1.reduceLanes(ADD) + m1,
                f2.reduceLanes(ADD) + m2, f3.reduceLanes(ADD) + m3);
    }
}
