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
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * q6_K row dots: F32 activations ({@code vector.fused}) and q8_K activations ({@code vector.int8}). A width
 * template: one copy per vector width ({@link WidthSpecializer}).
 *
 * <p>Layout (ggml-common.h {@code block_q6_K}, 210 bytes): {@code ql[128]} at 0 (low four bits),
 * {@code qh[64]} at 128 (top two bits), {@code int8 scales[16]} at 192 (one per 16 values), fp16 {@code d}
 * at 208. In half h, value {@code 128h + 32k + l} (k = 0..3, l = 0..31) has its low bits in nibble
 * {@code k/2} of {@code ql[64h + 32(k%2) + l]} and its high bits at bits {@code 2k} of {@code qh[32h + l]}
 * ({@code dequantize_row_q6_K}, ggml-quants.c); its level is {@code q - 32}.
 *
 * <p>One pass over l decodes the four values that share a qh byte. The fused dot decodes
 * {@code d*sc*(q-32)} with one FMA; the int8 dot multiplies {@code q*sc} (small integers) into q8_K's values
 * and takes the {@code -32} from q8_K's block sums, as ggml's x86 kernel does
 * ({@code ggml_vec_dot_q6_K_q8_K}).
 */
public final class Q6_KDots implements F32RowDot, Int8RowDot {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int L = F.length();
    private static final VectorSpecies<Byte> BL = Lanes.byteLoads(L);
    private static final int BLEN = BL.length();
    private static final int PARTS = BLEN / L;
    private static final int HPARTS = 16 / L;

    private static final int BLOCK = 210;
    private static final int QL = 0;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    /**
     * Scratch floats per super-block: [0,16) the scales (times d for the fused dot); [16,32) fused dot:
     * {@code -32*d*sc}; [32] int8 dot: {@code -32*d}, the block-sum factor.
     */
    private static final int STRIDE = 40;
    private static final int OFFSETS_AT = 16;
    private static final int NEG32D_AT = 32;

    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q6_KDots() {
    }

    private static void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8) {
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            float d = Lanes.half(w, blk + D);
            ByteVector scales = ByteVector.fromMemorySegment(B16, w, blk + SCALES, LE);
            for (int p = 0; p < HPARTS; p++) {
                FloatVector sc = (FloatVector) scales.convertShape(B2I, I, p).convertShape(I2F, F, 0);
                if (int8) {
                    sc.intoArray(s, STRIDE * k + p * L);
                } else {
                    sc.mul(d).intoArray(s, STRIDE * k + p * L);
                    sc.mul(-32f * d).intoArray(s, STRIDE * k + OFFSETS_AT + p * L);
                }
            }
            s[STRIDE * k + NEG32D_AT] = -32f * d;
        }
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
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector qa = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + g, LE);
                    ByteVector qb = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + g, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a = (IntVector) qa.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector b = (IntVector) qb.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector hb = (IntVector) qh.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = xOff + QK_K * k + 128 * h + l;
                        FloatVector w0 = level(a.and(low), hb.lanewise(LSHL, 4), top).fma(bcast(s, sc), bcast(s, sc + OFFSETS_AT));
                        FloatVector w1 = level(b.and(low), hb.lanewise(LSHL, 2), top).fma(bcast(s, sc + 2), bcast(s, sc + 2 + OFFSETS_AT));
                        FloatVector w2 = level(a.lanewise(LSHR, 4), hb, top).fma(bcast(s, sc + 4), bcast(s, sc + 4 + OFFSETS_AT));
                        FloatVector w3 = level(b.lanewise(LSHR, 4), hb.lanewise(LSHR, 2), top).fma(bcast(s, sc + 6), bcast(s, sc + 6 + OFFSETS_AT));
                        acc0 = w0.fma(FloatVector.fromArray(F, x, v), acc0);
                        acc1 = w1.fma(FloatVector.fromArray(F, x, v + 32), acc1);
                        acc2 = w2.fma(FloatVector.fromArray(F, x, v + 64), acc2);
                        acc3 = w3.fma(FloatVector.fromArray(F, x, v + 96), acc3);
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
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector qa = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + g, LE);
                    ByteVector qb = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + g, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a = (IntVector) qa.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector b = (IntVector) qb.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector hb = (IntVector) qh.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = QK_K * k + 128 * h + l;
                        FloatVector w0 = level(a.and(low), hb.lanewise(LSHL, 4), top).fma(bcast(s, sc), bcast(s, sc + OFFSETS_AT));
                        FloatVector w1 = level(b.and(low), hb.lanewise(LSHL, 2), top).fma(bcast(s, sc + 2), bcast(s, sc + 2 + OFFSETS_AT));
                        FloatVector w2 = level(a.lanewise(LSHR, 4), hb, top).fma(bcast(s, sc + 4), bcast(s, sc + 4 + OFFSETS_AT));
                        FloatVector w3 = level(b.lanewise(LSHR, 4), hb.lanewise(LSHR, 2), top).fma(bcast(s, sc + 6), bcast(s, sc + 6 + OFFSETS_AT));
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

    /** The 6-bit value from its low nibble {@code low} (0..15) and its top bits at bits 4-5 of {@code high}. */
    private static FloatVector level(IntVector low, IntVector high, IntVector top) {
        return (FloatVector) low.or(high.and(top)).convertShape(I2F, F, 0);
    }

    private static FloatVector bcast(float[] s, int at) {
        return FloatVector.broadcast(F, s[at]);
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

    /** {@code -32 * sum_k d_k * d8_k * sum_j sc_j * bsums[j]}: the {@code -32} of every level, for activation row {@code r}. */
    private static float offsetTerm(float[] s, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, 0, NEG32D_AT, nb, a, r);
    }

    /** sum_k d_k * d8_k * sum of sc*q*a over the super-block (q = 0..63, without the -32). */
    private static float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
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
                    ByteVector qa = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + g, LE);
                    ByteVector qb = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + g, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a8 = (IntVector) qa.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector b8 = (IntVector) qb.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector hb = (IntVector) qh.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = QK_K * ab + 128 * h + l;
                        acc0 = level(a8.and(low), hb.lanewise(LSHL, 4), top).mul(bcast(s, sc)).fma(FloatVector.fromArray(F, qf, v), acc0);
                        acc1 = level(b8.and(low), hb.lanewise(LSHL, 2), top).mul(bcast(s, sc + 2)).fma(FloatVector.fromArray(F, qf, v + 32), acc1);
                        acc2 = level(a8.lanewise(LSHR, 4), hb, top).mul(bcast(s, sc + 4)).fma(FloatVector.fromArray(F, qf, v + 64), acc2);
                        acc3 = level(b8.lanewise(LSHR, 4), hb.lanewise(LSHR, 2), top).mul(bcast(s, sc + 6)).fma(FloatVector.fromArray(F, qf, v + 96), acc3);
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
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
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
                    ByteVector qa = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + g, LE);
                    ByteVector qb = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + g, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a8 = (IntVector) qa.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector b8 = (IntVector) qb.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector hb = (IntVector) qh.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int sc = STRIDE * k + 8 * h + l / 16;
                        int v = 128 * h + l;
                        FloatVector w0 = level(a8.and(low), hb.lanewise(LSHL, 4), top).mul(bcast(s, sc));
                        FloatVector w1 = level(b8.and(low), hb.lanewise(LSHL, 2), top).mul(bcast(s, sc + 2));
                        FloatVector w2 = level(a8.lanewise(LSHR, 4), hb, top).mul(bcast(s, sc + 4));
                        FloatVector w3 = level(b8.lanewise(LSHR, 4), hb.lanewise(LSHR, 2), top).mul(bcast(s, sc + 6));
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

    /** One int per 16-value sub-block: sum of (q - 32) times the q8_K value. */
    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
        for (int k = 0; k < nb; k++) {
            long blk = rowOffset + (long) BLOCK * k;
            int ab = aRow * nb + k;
            for (int j = 0; j < 16; j++) {
                out[16 * k + j] = -32 * a.bsums[16 * ab + j];
            }
            for (int h = 0; h < 2; h++) {
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector qa = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + g, LE);
                    ByteVector qb = ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + g, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a8 = (IntVector) qa.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector b8 = (IntVector) qb.convertShape(ZERO_EXTEND_B2I, I, p);
                        IntVector hb = (IntVector) qh.convertShape(ZERO_EXTEND_B2I, I, p);
                        int l = g + p * L;
                        int j = 16 * k + 8 * h + l / 16;
                        int v = QK_K * ab + 128 * h + l;
                        out[j] += (int) level(a8.and(low), hb.lanewise(LSHL, 4), top).mul(FloatVector.fromArray(F, qf, v)).reduceLanes(ADD);
                        out[j + 2] += (int) level(b8.and(low), hb.lanewise(LSHL, 2), top).mul(FloatVector.fromArray(F, qf, v + 32)).reduceLanes(ADD);
                        out[j + 4] += (int) level(a8.lanewise(LSHR, 4), hb, top).mul(FloatVector.fromArray(F, qf, v + 64)).reduceLanes(ADD);
                        out[j + 6] += (int) level(b8.lanewise(LSHR, 4), hb.lanewise(LSHR, 2), top).mul(FloatVector.fromArray(F, qf, v + 96)).reduceLanes(ADD);
                    }
                }
            }
        }
        return 16 * nb;
    }
}
