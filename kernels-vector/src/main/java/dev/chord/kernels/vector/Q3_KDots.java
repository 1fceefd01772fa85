package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

import static dev.chord.kernels.vector.Lanes.LE;
import static dev.chord.kernels.vector.Lanes.QK_K;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * q3_K row dots: F32 activations ({@code vector.fused}) and q8_K activations ({@code vector.int8}). A width
 * template: one copy per vector width ({@link WidthSpecializer}).
 *
 * <p>Layout (ggml-common.h {@code block_q3_K}, 110 bytes): {@code hmask[32]} at 0, {@code qs[64]} at 32,
 * {@code scales[12]} at 96, fp16 {@code d} at 108. Value {@code 128h + 32k + l} has its two low bits at bits
 * {@code 2k} of {@code qs[32h + l]} and its high bit at bit {@code 4h + k} of {@code hmask[l]}; its level is
 * {@code low - 4} if that bit is clear, else {@code low}. The 16 sub-block scales are 6-bit, biased by 32:
 * low nibbles in bytes 0-7 (sub-blocks 0-7 low, 8-15 high nibble), top two bits in bytes 8-11 (sub-block j
 * at bits {@code 2(j/4)} of byte {@code 8 + j%4}) ({@code dequantize_row_q3_K}, ggml-quants.c).
 *
 * <p>The dots decode {@code low | 4*bit}, that is level + 4 (0..7): the fused dot folds the {@code -4} into
 * its decoding FMA, the int8 dot takes it from q8_K's block sums ({@code ggml_vec_dot_q3_K_q8_K} subtracts
 * it per value; the integer result is the same).
 *
 * <p>Code shape as in {@link Q4_KDots}: scales decoded at the top of each super-block in the single-row
 * loops (inlined; per row before the loops for tiles), which was 6-20% faster than a separate pass over the
 * row (4096x4096, interleaved); straight-line super-blocks for one activation row; a loop C2 does not treat
 * as counted for tiles. (q2_K keeps the separate pass: decoding inline measured 8% slower for its fused dot.)
 */
public final class Q3_KDots extends SuperBlockDots {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int L = F.length();
    private static final VectorSpecies<Byte> BL = Lanes.byteLoads(L);
    private static final int BLEN = BL.length();
    private static final int PARTS = BLEN / L;
    /** Int vectors per 16 bytes. */
    private static final int HALF = 16 / L;

    private static final int BLOCK = 110;
    private static final int HMASK = 0;
    private static final int QS = 32;
    /** The 12 scale bytes start at 96; they are loaded from 94 so that 16 bytes stay inside the block. */
    private static final int SCALES_LOAD = 94;
    private static final int D = 108;

    /** Scratch per super-block: [0,16) scales - 32 (times d, fused), [16,32) fused: -4*d*sc, [32] int8: -4*d, [33] int8: d. */
    private static final int STRIDE = 40;
    private static final int OFFSETS_AT = 16;
    private static final int NEG4D_AT = 32;
    private static final int D_AT = 33;

    /** Scale j: ((A >>> shiftA) & 15) | (((B >>> shiftB) & 3) << 4), bytes A and B at these indexes of the load. */
    private static final VectorShuffle<Byte> LOW_BYTES = VectorShuffle.fromValues(B16, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9);
    private static final VectorShuffle<Byte> TOP_BYTES = VectorShuffle.fromValues(B16, 10, 11, 12, 13, 10, 11, 12, 13, 10, 11, 12, 13, 10, 11, 12, 13);
    private static final int[] LOW_SHIFT = {0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4};
    private static final int[] TOP_SHIFT = {0, 0, 0, 0, 2, 2, 2, 2, 4, 4, 4, 4, 6, 6, 6, 6};

    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q3_KDots() {
        super(STRIDE, true);
    }

    /** One pass over the row's super-blocks: scales (and offsets) into {@code s}; used for tiles. */
    @Override
    void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8) {
        for (int k = 0; k < nb; k++) {
            decode(w, row + (long) BLOCK * k, s, STRIDE * k, int8);
        }
    }

    /** Super-block {@code blk}'s scales (and offsets) into {@code s[at..]}; small enough for C2 to inline. */
    private static void decode(MemorySegment w, long blk, float[] s, int at, boolean int8) {
        float d = Float.float16ToFloat(w.get(Lanes.HALF, blk + D));
        ByteVector bytes = ByteVector.fromMemorySegment(B16, w, blk + SCALES_LOAD, LE);
        ByteVector lowBytes = bytes.rearrange(LOW_BYTES);
        ByteVector topBytes = bytes.rearrange(TOP_BYTES);
        for (int p = 0; p < HALF; p++) {
            IntVector low = ((IntVector) lowBytes.convertShape(ZERO_EXTEND_B2I, I, p))
                    .lanewise(LSHR, IntVector.fromArray(I, LOW_SHIFT, p * L)).and(0xF);
            IntVector top = ((IntVector) topBytes.convertShape(ZERO_EXTEND_B2I, I, p))
                    .lanewise(LSHR, IntVector.fromArray(I, TOP_SHIFT, p * L)).and(3).lanewise(LSHL, 4);
            FloatVector sc = (FloatVector) low.or(top).sub(32).convertShape(I2F, F, 0);
            (int8 ? sc : sc.mul(d)).intoArray(s, at + p * L);
            if (!int8) {
                sc.mul(-4f * d).intoArray(s, at + OFFSETS_AT + p * L);
            }
        }
        s[at + NEG4D_AT] = -4f * d;
        s[at + D_AT] = d;
    }

    // ---------------------------------------------------------------- F32 activations

    @Override
    float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff) {
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            decode(w, blk, s, STRIDE * k, false);
            int v = xOff + QK_K * k;
            int sc = STRIDE * k;
            FloatVector d0;
            FloatVector d1;
            FloatVector d2;
            FloatVector d3;
            FloatVector o0;
            FloatVector o1;
            FloatVector o2;
            FloatVector o3;
            // values 0.. (+32k), sub-blocks 0, 2, 4, 6
            d0 = FloatVector.broadcast(F, s[sc + 0]);
            d1 = FloatVector.broadcast(F, s[sc + 2]);
            d2 = FloatVector.broadcast(F, s[sc + 4]);
            d3 = FloatVector.broadcast(F, s[sc + 6]);
            o0 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 0]);
            o1 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 2]);
            o2 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 4]);
            o3 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 6]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 0 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.and(four)).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 1).and(four)).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 2).and(four)).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 3).and(four)).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
            }
            // values 16.. (+32k), sub-blocks 1, 3, 5, 7
            d0 = FloatVector.broadcast(F, s[sc + 1]);
            d1 = FloatVector.broadcast(F, s[sc + 3]);
            d2 = FloatVector.broadcast(F, s[sc + 5]);
            d3 = FloatVector.broadcast(F, s[sc + 7]);
            o0 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 1]);
            o1 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 3]);
            o2 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 5]);
            o3 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 7]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 16 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.and(four)).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 1).and(four)).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 2).and(four)).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 3).and(four)).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
            }
            // values 128.. (+32k), sub-blocks 8, 10, 12, 14
            d0 = FloatVector.broadcast(F, s[sc + 8]);
            d1 = FloatVector.broadcast(F, s[sc + 10]);
            d2 = FloatVector.broadcast(F, s[sc + 12]);
            d3 = FloatVector.broadcast(F, s[sc + 14]);
            o0 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 8]);
            o1 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 10]);
            o2 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 12]);
            o3 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 14]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 128 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.lanewise(LSHR, 4).and(four)).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 5).and(four)).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 6).and(four)).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 7).and(four)).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
            }
            // values 144.. (+32k), sub-blocks 9, 11, 13, 15
            d0 = FloatVector.broadcast(F, s[sc + 9]);
            d1 = FloatVector.broadcast(F, s[sc + 11]);
            d2 = FloatVector.broadcast(F, s[sc + 13]);
            d3 = FloatVector.broadcast(F, s[sc + 15]);
            o0 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 9]);
            o1 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 11]);
            o2 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 13]);
            o3 = FloatVector.broadcast(F, s[sc + OFFSETS_AT + 15]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 144 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.lanewise(LSHR, 4).and(four)).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 5).and(four)).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 6).and(four)).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 7).and(four)).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
            }
        }
        return acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(ADD);
    }

    /** Two to four activation rows; rows past {@code n} repeat the last one and are not stored. */
    @Override
    void fused4(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff, int xStride, int n,
                               float[] y, int yOff, int yStride) {
        int x0 = xOff;
        int x1 = xOff + xStride * Math.min(1, n - 1);
        int x2 = xOff + xStride * Math.min(2, n - 1);
        int x3 = xOff + xStride * Math.min(3, n - 1);
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            int sc = STRIDE * k;
            // not a counted loop for C2 (no loop setup per super-block); four groups (half h, 16 values)
            for (int g = 0, left = 0b1111; left != 0; g++, left >>>= 1) {
                int h = g >>> 1;
                int l0 = 16 * (g & 1);
                int j = sc + 8 * h + (g & 1);
                FloatVector d0 = FloatVector.broadcast(F, s[j + 0]);
                FloatVector d1 = FloatVector.broadcast(F, s[j + 2]);
                FloatVector d2 = FloatVector.broadcast(F, s[j + 4]);
                FloatVector d3 = FloatVector.broadcast(F, s[j + 6]);
                FloatVector o0 = FloatVector.broadcast(F, s[j + OFFSETS_AT + 0]);
                FloatVector o1 = FloatVector.broadcast(F, s[j + OFFSETS_AT + 2]);
                FloatVector o2 = FloatVector.broadcast(F, s[j + OFFSETS_AT + 4]);
                FloatVector o3 = FloatVector.broadcast(F, s[j + OFFSETS_AT + 6]);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                    IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                    int vp = 128 * h + l0 + p * L;
                    FloatVector w0 = ((FloatVector) q.lanewise(LSHR, 2 * 0).and(three).or(m.lanewise(LSHR, 4 * h).and(four)).convertShape(I2F, F, 0)).fma(d0, o0);
                    FloatVector w1 = ((FloatVector) q.lanewise(LSHR, 2 * 1).and(three).or(m.lanewise(LSHR, 4 * h + 1).and(four)).convertShape(I2F, F, 0)).fma(d1, o1);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 2 * 2).and(three).or(m.lanewise(LSHR, 4 * h + 2).and(four)).convertShape(I2F, F, 0)).fma(d2, o2);
                    FloatVector w3 = ((FloatVector) q.lanewise(LSHR, 2 * 3).and(three).or(m.lanewise(LSHR, 4 * h + 3).and(four)).convertShape(I2F, F, 0)).fma(d3, o3);
                    int at = QK_K * k + vp;
                    acc0 = w3.fma(FloatVector.fromArray(F, x, x0 + at + 96), w2.fma(FloatVector.fromArray(F, x, x0 + at + 64),
                            w1.fma(FloatVector.fromArray(F, x, x0 + at + 32), w0.fma(FloatVector.fromArray(F, x, x0 + at), acc0))));
                    acc1 = w3.fma(FloatVector.fromArray(F, x, x1 + at + 96), w2.fma(FloatVector.fromArray(F, x, x1 + at + 64),
                            w1.fma(FloatVector.fromArray(F, x, x1 + at + 32), w0.fma(FloatVector.fromArray(F, x, x1 + at), acc1))));
                    acc2 = w3.fma(FloatVector.fromArray(F, x, x2 + at + 96), w2.fma(FloatVector.fromArray(F, x, x2 + at + 64),
                            w1.fma(FloatVector.fromArray(F, x, x2 + at + 32), w0.fma(FloatVector.fromArray(F, x, x2 + at), acc2))));
                    acc3 = w3.fma(FloatVector.fromArray(F, x, x3 + at + 96), w2.fma(FloatVector.fromArray(F, x, x3 + at + 64),
                            w1.fma(FloatVector.fromArray(F, x, x3 + at + 32), w0.fma(FloatVector.fromArray(F, x, x3 + at), acc3))));
                }
            }
        }
        store(y, yOff, yStride, n, acc0.reduceLanes(ADD), acc1.reduceLanes(ADD), acc2.reduceLanes(ADD), acc3.reduceLanes(ADD));
    }

    // ---------------------------------------------------------------- q8_K activations

    /** {@code -4 * sum_k d_k * d8_k * sum_j sc_j * bsums[j]}: the {@code -4} of every level, for activation row {@code r}. */
    @Override
    float blockSumTerm(float[] s, int at, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, at + 0, at + NEG4D_AT, nb, a, r);
    }

    /** sum_k d_k * d8_k * sum of sc*level+4*a over the super-block; the block-sum term is added by the caller. */
    @Override
    float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        FloatVector total = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            decode(w, blk, s, STRIDE * k, true);
            int ab = aRow * nb + k;
            int v = QK_K * ab;
            int sc = STRIDE * k;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            FloatVector d0;
            FloatVector d1;
            FloatVector d2;
            FloatVector d3;
            // values 0.. (+32k), sub-blocks 0, 2, 4, 6
            d0 = FloatVector.broadcast(F, s[sc + 0]);
            d1 = FloatVector.broadcast(F, s[sc + 2]);
            d2 = FloatVector.broadcast(F, s[sc + 4]);
            d3 = FloatVector.broadcast(F, s[sc + 6]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 0 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.and(four)).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 1).and(four)).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 2).and(four)).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 3).and(four)).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 16.. (+32k), sub-blocks 1, 3, 5, 7
            d0 = FloatVector.broadcast(F, s[sc + 1]);
            d1 = FloatVector.broadcast(F, s[sc + 3]);
            d2 = FloatVector.broadcast(F, s[sc + 5]);
            d3 = FloatVector.broadcast(F, s[sc + 7]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 16 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.and(four)).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 1).and(four)).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 2).and(four)).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 3).and(four)).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 128.. (+32k), sub-blocks 8, 10, 12, 14
            d0 = FloatVector.broadcast(F, s[sc + 8]);
            d1 = FloatVector.broadcast(F, s[sc + 10]);
            d2 = FloatVector.broadcast(F, s[sc + 12]);
            d3 = FloatVector.broadcast(F, s[sc + 14]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 128 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.lanewise(LSHR, 4).and(four)).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 5).and(four)).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 6).and(four)).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 7).and(four)).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 144.. (+32k), sub-blocks 9, 11, 13, 15
            d0 = FloatVector.broadcast(F, s[sc + 9]);
            d1 = FloatVector.broadcast(F, s[sc + 11]);
            d2 = FloatVector.broadcast(F, s[sc + 13]);
            d3 = FloatVector.broadcast(F, s[sc + 15]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                int vp = v + 144 + p * L;
                acc0 = ((FloatVector) q.and(three).or(m.lanewise(LSHR, 4).and(four)).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).or(m.lanewise(LSHR, 5).and(four)).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).or(m.lanewise(LSHR, 6).and(four)).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).or(m.lanewise(LSHR, 7).and(four)).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            total = acc0.add(acc1).add(acc2.add(acc3)).fma(FloatVector.broadcast(F, s[sc + D_AT] * a.d[ab]), total);
        }
        return total.reduceLanes(ADD);
    }

    @Override
    void int8x4(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow, int n,
                               float[] y, int yOff, int yStride) {
        float[] qf = a.qf;
        int b0 = aRow * nb;
        int b1 = (aRow + Math.min(1, n - 1)) * nb;
        int b2 = (aRow + Math.min(2, n - 1)) * nb;
        int b3 = (aRow + Math.min(3, n - 1)) * nb;
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        FloatVector t0 = FloatVector.zero(F);
        FloatVector t1 = FloatVector.zero(F);
        FloatVector t2 = FloatVector.zero(F);
        FloatVector t3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            int sc = STRIDE * k;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            // not a counted loop for C2 (no loop setup per super-block); four groups (half h, 16 values)
            for (int g = 0, left = 0b1111; left != 0; g++, left >>>= 1) {
                int h = g >>> 1;
                int l0 = 16 * (g & 1);
                int j = sc + 8 * h + (g & 1);
                FloatVector d0 = FloatVector.broadcast(F, s[j + 0]);
                FloatVector d1 = FloatVector.broadcast(F, s[j + 2]);
                FloatVector d2 = FloatVector.broadcast(F, s[j + 4]);
                FloatVector d3 = FloatVector.broadcast(F, s[j + 6]);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                    IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                    int vp = 128 * h + l0 + p * L;
                    FloatVector w0 = ((FloatVector) q.lanewise(LSHR, 2 * 0).and(three).or(m.lanewise(LSHR, 4 * h).and(four)).convertShape(I2F, F, 0)).mul(d0);
                    FloatVector w1 = ((FloatVector) q.lanewise(LSHR, 2 * 1).and(three).or(m.lanewise(LSHR, 4 * h + 1).and(four)).convertShape(I2F, F, 0)).mul(d1);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 2 * 2).and(three).or(m.lanewise(LSHR, 4 * h + 2).and(four)).convertShape(I2F, F, 0)).mul(d2);
                    FloatVector w3 = ((FloatVector) q.lanewise(LSHR, 2 * 3).and(three).or(m.lanewise(LSHR, 4 * h + 3).and(four)).convertShape(I2F, F, 0)).mul(d3);
                    acc0 = w3.fma(FloatVector.fromArray(F, qf, QK_K * (b0 + k) + vp + 96), w2.fma(FloatVector.fromArray(F, qf, QK_K * (b0 + k) + vp + 64),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * (b0 + k) + vp + 32), w0.fma(FloatVector.fromArray(F, qf, QK_K * (b0 + k) + vp), acc0))));
                    acc1 = w3.fma(FloatVector.fromArray(F, qf, QK_K * (b1 + k) + vp + 96), w2.fma(FloatVector.fromArray(F, qf, QK_K * (b1 + k) + vp + 64),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * (b1 + k) + vp + 32), w0.fma(FloatVector.fromArray(F, qf, QK_K * (b1 + k) + vp), acc1))));
                    acc2 = w3.fma(FloatVector.fromArray(F, qf, QK_K * (b2 + k) + vp + 96), w2.fma(FloatVector.fromArray(F, qf, QK_K * (b2 + k) + vp + 64),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * (b2 + k) + vp + 32), w0.fma(FloatVector.fromArray(F, qf, QK_K * (b2 + k) + vp), acc2))));
                    acc3 = w3.fma(FloatVector.fromArray(F, qf, QK_K * (b3 + k) + vp + 96), w2.fma(FloatVector.fromArray(F, qf, QK_K * (b3 + k) + vp + 64),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * (b3 + k) + vp + 32), w0.fma(FloatVector.fromArray(F, qf, QK_K * (b3 + k) + vp), acc3))));
                }
            }
            float d = s[sc + D_AT];
            t0 = acc0.fma(FloatVector.broadcast(F, d * a.d[b0 + k]), t0);
            t1 = acc1.fma(FloatVector.broadcast(F, d * a.d[b1 + k]), t1);
            t2 = acc2.fma(FloatVector.broadcast(F, d * a.d[b2 + k]), t2);
            t3 = acc3.fma(FloatVector.broadcast(F, d * a.d[b3 + k]), t3);
        }
        store(y, yOff, yStride, n, t0.reduceLanes(ADD), t1.reduceLanes(ADD), t2.reduceLanes(ADD), t3.reduceLanes(ADD));
    }

    /** One int per 16-value sub-block: sum of the level (-4..3) times the q8_K value. */
    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        float[] qf = a.qf;
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        for (int k = 0; k < nb; k++) {
            long blk = rowOffset + (long) BLOCK * k;
            int ab = aRow * nb + k;
            for (int j = 0; j < 16; j++) {
                out[16 * k + j] = -4 * a.bsums[16 * ab + j];
            }
            for (int g = 0; g < 4; g++) {
                int h = g >>> 1;
                int l0 = 16 * (g & 1);
                int j = 16 * k + 8 * h + (g & 1);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    // hmask moved up two bits: bit 4h + k lands on bit 2 after a shift by 4h + k
                    IntVector m = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + HMASK + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 2);
                    int vp = QK_K * ab + 128 * h + l0 + p * L;
                    for (int kk = 0; kk < 4; kk++) {
                        out[j + 2 * kk] += (int) ((FloatVector) q.lanewise(LSHR, 2 * kk).and(three).or(m.lanewise(LSHR, 4 * h + kk).and(four)).convertShape(I2F, F, 0)).mul(FloatVector.fromArray(F, qf, vp + 32 * kk)).reduceLanes(ADD);
                    }
                }
            }
        }
        return 16 * nb;
    }
}
