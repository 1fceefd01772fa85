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
 * {@code vector.int8} for the 32-value block formats ({@link Block32}) with activations quantized as ggml
 * does: q8_0 for q4_0, q5_0, q8_0 and iq4_nl, q8_1 for q4_1 and q5_1. Per block, the weights' integer levels
 * (q - 8 for q4_0, q - 16 for q5_0, q for q4_1, q5_1 and q8_0, the codebook entry for iq4_nl) and the
 * activations widen to 16-bit lanes and multiply exactly; adjacent products are summed into 32-bit lanes;
 * the block's integer sum is converted to float once and scaled by {@code d_w * d_a}. q4_1 and q5_1 add
 * {@code m * s} per block, s being q8_1's stored {@code d_a * sum(a)}, as ggml does.
 *
 * <p>Exactness: a product is at most 128 * 127 in magnitude and two of them 32512, so the 16-bit products
 * and the pairwise sums (taken as {@code (p + (p << 16)) >> 16} on the 32-bit lane holding two products)
 * never overflow. That relies on activations in [-127, 127], which ggml's q8_0/q8_1 quantizers guarantee
 * (they scale the largest magnitude to 127).
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
    private static final ByteVector CODEBOOK_1 = ByteVector.fromArray(B, twice(Block32.IQ4_NL_LEVELS), 0);
    private static final ByteVector CODEBOOK_2 = ByteVector.fromArray(B, twice(Block32.IQ4_NL_LEVELS), B.length());

    private final Block32 block;
    private final GgmlType type;
    private final short levelOffset;

    Block32Int8Dot(GgmlType type) {
        this.block = Block32.of(type);
        this.type = type;
        this.levelOffset = (short) block.levelOffset();
    }

    private static byte[] twice(byte[] levels) {
        byte[] t = new byte[2 * levels.length];
        System.arraycopy(levels, 0, t, 0, levels.length);
        System.arraycopy(levels, 0, t, levels.length, levels.length);
        return t;
    }

    @Override
    int partialCount(int cols) {
        return cols / Block32.VALUES;
    }

    /** Integer levels of values {@code 16*half + j} to {@code 16*half + j + L} of the block at {@code at}. */
    private ShortVector levels(MemorySegment w, long at, int half, int j, int qh) {
        if (type == GgmlType.Q8_0) {
            return (ShortVector) ByteVector.fromMemorySegment(B, w, at + block.qs() + Block32.HALF * half + j, Lanes.LE)
                    .convertShape(B2S, S, 0);
        }
        ByteVector q = ByteVector.fromMemorySegment(B, w, at + block.qs() + j, Lanes.LE);
        ByteVector nibbles = half == 0 ? q.and((byte) 0x0F)
                : q.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
        return switch (type) {
            case IQ4_NL -> (ShortVector) nibbles.selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2S, S, 0);
            case Q5_0, Q5_1 -> {
                ShortVector fifth = ShortVector.broadcast(S, (short) (qh >>> (Block32.HALF * half + j))).and(LANE_BIT);
                yield ((ShortVector) nibbles.convertShape(B2S, S, 0)).lanewise(ADD, (short) 16, fifth.compare(NE, 0)).add(levelOffset);
            }
            default -> ((ShortVector) nibbles.convertShape(B2S, S, 0)).add(levelOffset);
        };
    }

    private static ShortVector activations(byte[] qs, int at) {
        return (ShortVector) ByteVector.fromArray(B, qs, at).convertShape(B2S, S, 0);
    }

    /** Sums of adjacent 16-bit lanes, exact while each sum fits in 16 bits (see the class comment). */
    private static IntVector pairSums(ShortVector products) {
        IntVector p = products.reinterpretAsInts();
        return p.add(p.lanewise(LSHL, 16)).lanewise(ASHR, 16);
    }

    @Override
    float dot1(MemorySegment w, long row, int cols, QuantizedActivations a, int aRow, int[] partials) {
        int blocks = cols / Block32.VALUES;
        byte[] qs = a.qs;
        int ao = aRow * cols;
        int so = aRow * blocks;
        FloatVector acc = FloatVector.zero(F);
        float minTerm = 0f;
        for (int k = 0; k < blocks; k++) {
            long at = row + (long) k * block.blockBytes();
            int qh = block.highBits(w, at);
            int ab = ao + k * Block32.VALUES;
            IntVector sum = IntVector.zero(I);
            for (int j = 0; j < Block32.HALF; j += L) {
                sum = sum.add(pairSums(levels(w, at, 0, j, qh).mul(activations(qs, ab + j))));
                sum = sum.add(pairSums(levels(w, at, 1, j, qh).mul(activations(qs, ab + Block32.HALF + j))));
            }
            if (partials != null) {
                partials[k] = sum.reduceLanes(ADD);
            }
            float scale = Lanes.half(w, at) * a.d[so + k];
            acc = ((FloatVector) sum.convert(I2F, 0)).fma(FloatVector.broadcast(F, scale), acc);
            if (block.hasMin()) {
                minTerm += block.min(w, at) * a.s[so + k];
            }
        }
        return acc.reduceLanes(ADD) + minTerm;
    }

    @Override
    void dot4(MemorySegment w, long row, int cols, QuantizedActivations a, int aRow, int rows, float[] y, int yOff, int yStride) {
        int blocks = cols / Block32.VALUES;
        byte[] qs = a.qs;
        float[] da = a.d;
        float[] sa = a.s;
        int r0 = tileRow(aRow, rows, 0);
        int r1 = tileRow(aRow, rows, 1);
        int r2 = tileRow(aRow, rows, 2);
        int r3 = tileRow(aRow, rows, 3);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
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
                ShortVector lo = levels(w, at, 0, j, qh);
                ShortVector hi = levels(w, at, 1, j, qh);
                int cl = c + j;
                int ch = c + Block32.HALF + j;
                s0 = s0.add(pairSums(lo.mul(activations(qs, r0 * cols + cl)))).add(pairSums(hi.mul(activations(qs, r0 * cols + ch))));
                s1 = s1.add(pairSums(lo.mul(activations(qs, r1 * cols + cl)))).add(pairSums(hi.mul(activations(qs, r1 * cols + ch))));
                s2 = s2.add(pairSums(lo.mul(activations(qs, r2 * cols + cl)))).add(pairSums(hi.mul(activations(qs, r2 * cols + ch))));
                s3 = s3.add(pairSums(lo.mul(activations(qs, r3 * cols + cl)))).add(pairSums(hi.mul(activations(qs, r3 * cols + ch))));
            }
            float d = Lanes.half(w, at);
            acc0 = ((FloatVector) s0.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r0 * blocks + k]), acc0);
            acc1 = ((FloatVector) s1.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r1 * blocks + k]), acc1);
            acc2 = ((FloatVector) s2.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r2 * blocks + k]), acc2);
            acc3 = ((FloatVector) s3.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r3 * blocks + k]), acc3);
            if (block.hasMin()) {
                float m = block.min(w, at);
                m0 += m * sa[r0 * blocks + k];
                m1 += m * sa[r1 * blocks + k];
                m2 += m * sa[r2 * blocks + k];
                m3 += m * sa[r3 * blocks + k];
            }
        }
        FusedTileDot.store(y, yOff, yStride, rows, acc0.reduceLanes(ADD) + m0, acc1.reduceLanes(ADD) + m1,
                acc2.reduceLanes(ADD) + m2, acc3.reduceLanes(ADD) + m3);
    }
}
