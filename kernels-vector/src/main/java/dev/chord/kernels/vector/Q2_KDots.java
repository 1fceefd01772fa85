package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

import static dev.chord.kernels.vector.Lanes.LE;
import static dev.chord.kernels.vector.Lanes.QK_K;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * q2_K row dots: F32 activations ({@code vector.fused}) and q8_K activations ({@code vector.int8}). A width
 * template: one copy per vector width ({@link WidthSpecializer}).
 *
 * <p>Layout (ggml-common.h {@code block_q2_K}, 84 bytes): {@code scales[16]} at 0 (per 16 values: scale in
 * the low nibble, min in the high one), {@code qs[64]} at 16, fp16 {@code d} at 80, fp16 {@code dmin} at 82.
 * Value {@code 128h + 32k + l} is bits {@code 2k} of {@code qs[32h + l]} and decodes as
 * {@code d*sc*q - dmin*m} ({@code dequantize_row_q2_K}, ggml-quants.c).
 *
 * <p>One load of qs feeds the four values that share each byte. The int8 dot multiplies {@code q*sc} (small
 * integers) into q8_K's values and takes the mins from q8_K's block sums ({@code ggml_vec_dot_q2_K_q8_K}).
 */
public final class Q2_KDots implements F32RowDot, Int8RowDot {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int L = F.length();
    private static final VectorSpecies<Byte> BL = Lanes.byteLoads(L);
    private static final int BLEN = BL.length();
    private static final int PARTS = BLEN / L;
    private static final int HPARTS = 16 / L;

    private static final int BLOCK = 84;
    private static final int SCALES = 0;
    private static final int QS = 16;
    private static final int D = 80;
    private static final int DMIN = 82;

    /** Scratch per super-block: [0,16) scales (times d, fused), [16,32) mins (times -dmin, fused), [32] -dmin (int8). */
    private static final int STRIDE = 40;
    private static final int MINS_AT = 16;
    private static final int NEG_DMIN_AT = 32;

    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q2_KDots() {
    }

    private static void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8) {
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            float d = Lanes.half(w, blk + D);
            float dmin = Lanes.half(w, blk + DMIN);
            ByteVector bytes = ByteVector.fromMemorySegment(B16, w, blk + SCALES, LE);
            for (int p = 0; p < HPARTS; p++) {
                IntVector v = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                FloatVector sc = (FloatVector) v.and(0xF).convertShape(I2F, F, 0);
                FloatVector m = (FloatVector) v.lanewise(LSHR, 4).convertShape(I2F, F, 0);
                (int8 ? sc : sc.mul(d)).intoArray(s, STRIDE * k + p * L);
                (int8 ? m : m.mul(-dmin)).intoArray(s, STRIDE * k + MINS_AT + p * L);
            }
            s[STRIDE * k + NEG_DMIN_AT] = -dmin;
        }
    }

    private static FloatVector bcast(float[] s, int at) {
        return FloatVector.broadcast(F, s[at]);
    }

    /** The 2-bit level at bits {@code shift} of each lane, as floats. */
    private static FloatVector level(IntVector q, int shift, IntVector three) {
        return (FloatVector) q.lanewise(LSHR, shift).and(three).convertShape(I2F, F, 0);
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
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = xOff + QK_K * k + 128 * h + l;
                        acc0 = level(q, 0, three).fma(bcast(s, sc), bcast(s, sc + MINS_AT)).fma(FloatVector.fromArray(F, x, v), acc0);
                        acc1 = level(q, 2, three).fma(bcast(s, sc + 2), bcast(s, sc + 2 + MINS_AT)).fma(FloatVector.fromArray(F, x, v + 32), acc1);
                        acc2 = level(q, 4, three).fma(bcast(s, sc + 4), bcast(s, sc + 4 + MINS_AT)).fma(FloatVector.fromArray(F, x, v + 64), acc2);
                        acc3 = level(q, 6, three).fma(bcast(s, sc + 6), bcast(s, sc + 6 + MINS_AT)).fma(FloatVector.fromArray(F, x, v + 96), acc3);
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
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = QK_K * k + 128 * h + l;
                        FloatVector w0 = level(q, 0, three).fma(bcast(s, sc), bcast(s, sc + MINS_AT));
                        FloatVector w1 = level(q, 2, three).fma(bcast(s, sc + 2), bcast(s, sc + 2 + MINS_AT));
                        FloatVector w2 = level(q, 4, three).fma(bcast(s, sc + 4), bcast(s, sc + 4 + MINS_AT));
                        FloatVector w3 = level(q, 6, three).fma(bcast(s, sc + 6), bcast(s, sc + 6 + MINS_AT));
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
            y[yOff] = int8x1(w, rowOffset, nb, s, a, aRow) + minTerm(s, nb, a, aRow);
        } else {
            int8x4(w, rowOffset, nb, s, a, aRow, n, y, yOff, yStride);
            for (int r = 0; r < n; r++) {
                y[yOff + r * yStride] += minTerm(s, nb, a, aRow + r);
            }
        }
    }

    /** {@code -sum_k dmin_k * d8_k * sum_j m_j * bsums[j]} for activation row {@code r}. */
    private static float minTerm(float[] s, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, MINS_AT, NEG_DMIN_AT, nb, a, r);
    }

    /** sum_k d_k * d8_k * sum of sc*q*a over the super-block; the min term is added by the caller. */
    private static float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector three = IntVector.broadcast(I, 3);
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
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = QK_K * ab + 128 * h + l;
                        acc0 = level(q, 0, three).mul(bcast(s, sc)).fma(FloatVector.fromArray(F, qf, v), acc0);
                        acc1 = level(q, 2, three).mul(bcast(s, sc + 2)).fma(FloatVector.fromArray(F, qf, v + 32), acc1);
                        acc2 = level(q, 4, three).mul(bcast(s, sc + 4)).fma(FloatVector.fromArray(F, qf, v + 64), acc2);
                        acc3 = level(q, 6, three).mul(bcast(s, sc + 6)).fma(FloatVector.fromArray(F, qf, v + 96), acc3);
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
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = 128 * h + l;
                        FloatVector w0 = level(q, 0, three).mul(bcast(s, sc));
                        FloatVector w1 = level(q, 2, three).mul(bcast(s, sc + 2));
                        FloatVector w2 = level(q, 4, three).mul(bcast(s, sc + 4));
                        FloatVector w3 = level(q, 6, three).mul(bcast(s, sc + 6));
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

    /** One int per 16-value sub-block: sum of q (0..3) times the q8_K value. */
    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        float[] qf = a.qf;
        IntVector three = IntVector.broadcast(I, 3);
        for (int k = 0; k < nb; k++) {
            long blk = rowOffset + (long) BLOCK * k;
            int ab = aRow * nb + k;
            java.util.Arrays.fill(out, 16 * k, 16 * k + 16, 0);
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int j = 16 * k + 8 * h + l / 16;
                        int v = QK_K * ab + 128 * h + l;
                        for (int kk = 0; kk < 4; kk++) {
                            out[j + 2 * kk] += (int) level(q, 2 * kk, three).mul(FloatVector.fromArray(F, qf, v + 32 * kk)).reduceLanes(ADD);
                        }
                    }
                }
            }
        }
        return 16 * nb;
    }
}
