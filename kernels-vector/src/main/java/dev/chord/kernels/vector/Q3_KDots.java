package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
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
 */
public final class Q3_KDots implements F32RowDot, Int8RowDot {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int L = F.length();
    private static final VectorSpecies<Byte> BL = Lanes.byteLoads(L);
    private static final int BLEN = BL.length();
    private static final int PARTS = BLEN / L;
    private static final int HPARTS = 16 / L;

    private static final int BLOCK = 110;
    private static final int HMASK = 0;
    private static final int QS = 32;
    /** The 12 scale bytes start at 96; they are loaded from 94 so that 16 bytes stay inside the block. */
    private static final int SCALES_LOAD = 94;
    private static final int D = 108;

    /** Scratch per super-block: [0,16) scales - 32 (times d, fused), [16,32) fused: -4*d*sc, [32] int8: -4*d. */
    private static final int STRIDE = 40;
    private static final int OFFSETS_AT = 16;
    private static final int NEG4D_AT = 32;

    /** Scale j: ((A >>> shiftA) & 15) | (((B >>> shiftB) & 3) << 4), bytes A and B at these indexes of the load. */
    private static final VectorShuffle<Byte> LOW_BYTES = VectorShuffle.fromValues(B16, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9);
    private static final VectorShuffle<Byte> TOP_BYTES = VectorShuffle.fromValues(B16, 10, 11, 12, 13, 10, 11, 12, 13, 10, 11, 12, 13, 10, 11, 12, 13);
    private static final int[] LOW_SHIFT = {0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4};
    private static final int[] TOP_SHIFT = {0, 0, 0, 0, 2, 2, 2, 2, 4, 4, 4, 4, 6, 6, 6, 6};

    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q3_KDots() {
    }

    private static void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8) {
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            float d = Lanes.half(w, blk + D);
            ByteVector bytes = ByteVector.fromMemorySegment(B16, w, blk + SCALES_LOAD, LE);
            ByteVector lowBytes = bytes.rearrange(LOW_BYTES);
            ByteVector topBytes = bytes.rearrange(TOP_BYTES);
            for (int p = 0; p < HPARTS; p++) {
                IntVector low = ((IntVector) lowBytes.convertShape(ZERO_EXTEND_B2I, I, p))
                        .lanewise(LSHR, IntVector.fromArray(I, LOW_SHIFT, p * L)).and(0xF);
                IntVector top = ((IntVector) topBytes.convertShape(ZERO_EXTEND_B2I, I, p))
                        .lanewise(LSHR, IntVector.fromArray(I, TOP_SHIFT, p * L)).and(3).lanewise(LSHL, 4);
                FloatVector sc = (FloatVector) low.or(top).sub(32).convertShape(I2F, F, 0);
                (int8 ? sc : sc.mul(d)).intoArray(s, STRIDE * k + p * L);
                if (!int8) {
                    sc.mul(-4f * d).intoArray(s, STRIDE * k + OFFSETS_AT + p * L);
                }
            }
            s[STRIDE * k + NEG4D_AT] = -4f * d;
        }
    }

    private static FloatVector bcast(float[] s, int at) {
        return FloatVector.broadcast(F, s[at]);
    }

    /**
     * Level + 4 (0..7) of each lane: the two bits at {@code shift} of {@code q} and, as bit 2, the hmask bit
     * that {@code m} (hmask moved up by two bits) holds at {@code hshift + 2}.
     */
    private static FloatVector level(IntVector q, int shift, IntVector m, int hshift, IntVector three, IntVector four) {
        return (FloatVector) q.lanewise(LSHR, shift).and(three).or(m.lanewise(LSHR, hshift).and(four)).convertShape(I2F, F, 0);
    }

    // ---------------------------------------------------------------- F32 activations

    @Override
    public void dot(MemorySegment w, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
                    float[] y, int yOff, int yStride) {
        int nb = cols / QK_K;
        float[] s = Scratch.floats(STRIDE * nb);
        prepare(w, rowOffset, nb, s, false);
        if (n == 1) {
            y[yOff] = fused1(w, rowOffset, nb, s, x, xOff);
        } else {
            fused4(w, rowOffset, nb, s, x, xOff, xStride, n, y, yOff, yStride);
        }
    }

    private static float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff) {
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    ByteVector hmask = ByteVector.fromMemorySegment(BL, w, blk + HMASK + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector m = ((IntVector) hmask.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 2);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = xOff + QK_K * k + 128 * h + l;
                        acc0 = level(q, 0, m, 4 * h, three, four).fma(bcast(s, sc), bcast(s, sc + OFFSETS_AT)).fma(FloatVector.fromArray(F, x, v), acc0);
                        acc1 = level(q, 2, m, 4 * h + 1, three, four).fma(bcast(s, sc + 2), bcast(s, sc + 2 + OFFSETS_AT)).fma(FloatVector.fromArray(F, x, v + 32), acc1);
                        acc2 = level(q, 4, m, 4 * h + 2, three, four).fma(bcast(s, sc + 4), bcast(s, sc + 4 + OFFSETS_AT)).fma(FloatVector.fromArray(F, x, v + 64), acc2);
                        acc3 = level(q, 6, m, 4 * h + 3, three, four).fma(bcast(s, sc + 6), bcast(s, sc + 6 + OFFSETS_AT)).fma(FloatVector.fromArray(F, x, v + 96), acc3);
                    }
                }
            }
        }
        return acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(ADD);
    }

    /** Two to four activation rows; rows past {@code n} repeat the last one and are not stored. */
    private static void fused4(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff, int xStride, int n,
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
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    ByteVector hmask = ByteVector.fromMemorySegment(BL, w, blk + HMASK + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector m = ((IntVector) hmask.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 2);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = QK_K * k + 128 * h + l;
                        FloatVector w0 = level(q, 0, m, 4 * h, three, four).fma(bcast(s, sc), bcast(s, sc + OFFSETS_AT));
                        FloatVector w1 = level(q, 2, m, 4 * h + 1, three, four).fma(bcast(s, sc + 2), bcast(s, sc + 2 + OFFSETS_AT));
                        FloatVector w2 = level(q, 4, m, 4 * h + 2, three, four).fma(bcast(s, sc + 4), bcast(s, sc + 4 + OFFSETS_AT));
                        FloatVector w3 = level(q, 6, m, 4 * h + 3, three, four).fma(bcast(s, sc + 6), bcast(s, sc + 6 + OFFSETS_AT));
                        acc0 = dot4(w0, w1, w2, w3, x, x0 + v, acc0);
                        acc1 = dot4(w0, w1, w2, w3, x, x1 + v, acc1);
                        acc2 = dot4(w0, w1, w2, w3, x, x2 + v, acc2);
                        acc3 = dot4(w0, w1, w2, w3, x, x3 + v, acc3);
                    }
                }
            }
        }
        store(acc0, acc1, acc2, acc3, n, y, yOff, yStride);
    }

    /** {@code acc} plus the four decoded vectors times the activations 32 apart from {@code at}. */
    private static FloatVector dot4(FloatVector w0, FloatVector w1, FloatVector w2, FloatVector w3, float[] x, int at,
                                    FloatVector acc) {
        return w3.fma(FloatVector.fromArray(F, x, at + 96), w2.fma(FloatVector.fromArray(F, x, at + 64),
                w1.fma(FloatVector.fromArray(F, x, at + 32), w0.fma(FloatVector.fromArray(F, x, at), acc))));
    }

    private static void store(FloatVector t0, FloatVector t1, FloatVector t2, FloatVector t3, int n,
                              float[] y, int yOff, int yStride) {
        y[yOff] = t0.reduceLanes(ADD);
        y[yOff + yStride] = t1.reduceLanes(ADD);
        if (n > 2) {
            y[yOff + 2 * yStride] = t2.reduceLanes(ADD);
        }
        if (n > 3) {
            y[yOff + 3 * yStride] = t3.reduceLanes(ADD);
        }
    }

    // ---------------------------------------------------------------- q8_K activations

    @Override
    public void dot(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                    float[] y, int yOff, int yStride) {
        int nb = cols / QK_K;
        float[] s = Scratch.floats(STRIDE * nb);
        prepare(w, rowOffset, nb, s, true);
        if (n == 1) {
            y[yOff] = int8x1(w, rowOffset, nb, s, a, aRow) + offsetTerm(s, nb, a, aRow);
        } else {
            int8x4(w, rowOffset, nb, s, a, aRow, n, y, yOff, yStride);
            for (int r = 0; r < n; r++) {
                y[yOff + r * yStride] += offsetTerm(s, nb, a, aRow + r);
            }
        }
    }

    /** {@code -4 * sum_k d_k * d8_k * sum_j sc_j * bsums[j]}: the {@code -4} of every level, for activation row {@code r}. */
    private static float offsetTerm(float[] s, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, 0, NEG4D_AT, nb, a, r);
    }

    /** sum_k d_k * d8_k * sum of sc*(level+4)*a over the super-block; the -4 is added by the caller. */
    private static float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        FloatVector total = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            int ab = aRow * nb + k;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    ByteVector hmask = ByteVector.fromMemorySegment(BL, w, blk + HMASK + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector m = ((IntVector) hmask.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 2);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = QK_K * ab + 128 * h + l;
                        acc0 = level(q, 0, m, 4 * h, three, four).mul(bcast(s, sc)).fma(FloatVector.fromArray(F, qf, v), acc0);
                        acc1 = level(q, 2, m, 4 * h + 1, three, four).mul(bcast(s, sc + 2)).fma(FloatVector.fromArray(F, qf, v + 32), acc1);
                        acc2 = level(q, 4, m, 4 * h + 2, three, four).mul(bcast(s, sc + 4)).fma(FloatVector.fromArray(F, qf, v + 64), acc2);
                        acc3 = level(q, 6, m, 4 * h + 3, three, four).mul(bcast(s, sc + 6)).fma(FloatVector.fromArray(F, qf, v + 96), acc3);
                    }
                }
            }
            float dd = Lanes.half(w, blk + D) * a.d[ab];
            total = acc0.add(acc1).add(acc2.add(acc3)).fma(FloatVector.broadcast(F, dd), total);
        }
        return total.reduceLanes(ADD);
    }

    private static void int8x4(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow, int n,
                               float[] y, int yOff, int yStride) {
        float[] qf = a.qf;
        int r1 = aRow + Math.min(1, n - 1);
        int r2 = aRow + Math.min(2, n - 1);
        int r3 = aRow + Math.min(3, n - 1);
        IntVector three = IntVector.broadcast(I, 3);
        IntVector four = IntVector.broadcast(I, 4);
        FloatVector t0 = FloatVector.zero(F);
        FloatVector t1 = FloatVector.zero(F);
        FloatVector t2 = FloatVector.zero(F);
        FloatVector t3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            int b0 = aRow * nb + k;
            int b1 = r1 * nb + k;
            int b2 = r2 * nb + k;
            int b3 = r3 * nb + k;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    ByteVector hmask = ByteVector.fromMemorySegment(BL, w, blk + HMASK + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector m = ((IntVector) hmask.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 2);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = 128 * h + l;
                        FloatVector w0 = level(q, 0, m, 4 * h, three, four).mul(bcast(s, sc));
                        FloatVector w1 = level(q, 2, m, 4 * h + 1, three, four).mul(bcast(s, sc + 2));
                        FloatVector w2 = level(q, 4, m, 4 * h + 2, three, four).mul(bcast(s, sc + 4));
                        FloatVector w3 = level(q, 6, m, 4 * h + 3, three, four).mul(bcast(s, sc + 6));
                        acc0 = dot4(w0, w1, w2, w3, qf, QK_K * b0 + v, acc0);
                        acc1 = dot4(w0, w1, w2, w3, qf, QK_K * b1 + v, acc1);
                        acc2 = dot4(w0, w1, w2, w3, qf, QK_K * b2 + v, acc2);
                        acc3 = dot4(w0, w1, w2, w3, qf, QK_K * b3 + v, acc3);
                    }
                }
            }
            float d = Lanes.half(w, blk + D);
            t0 = acc0.fma(FloatVector.broadcast(F, d * a.d[b0]), t0);
            t1 = acc1.fma(FloatVector.broadcast(F, d * a.d[b1]), t1);
            t2 = acc2.fma(FloatVector.broadcast(F, d * a.d[b2]), t2);
            t3 = acc3.fma(FloatVector.broadcast(F, d * a.d[b3]), t3);
        }
        store(t0, t1, t2, t3, n, y, yOff, yStride);
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
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    ByteVector hmask = ByteVector.fromMemorySegment(BL, w, blk + HMASK + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector m = ((IntVector) hmask.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 2);
                        int l = g + p * L;
                        int j = 16 * k + 8 * h + l / 16;
                        int v = QK_K * ab + 128 * h + l;
                        for (int kk = 0; kk < 4; kk++) {
                            out[j + 2 * kk] += (int) level(q, 2 * kk, m, 4 * h + kk, three, four).mul(FloatVector.fromArray(F, qf, v + 32 * kk)).reduceLanes(ADD);
                        }
                    }
                }
            }
        }
        return 16 * nb;
    }
}
