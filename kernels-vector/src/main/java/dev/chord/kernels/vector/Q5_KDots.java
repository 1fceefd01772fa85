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
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * q5_K row dots: F32 activations ({@code vector.fused}) and q8_K activations ({@code vector.int8}). A width
 * template: one copy per vector width ({@link WidthSpecializer}). The same computation as {@link Q4_KDots}
 * with a fifth bit per level.
 *
 * <p>Layout (ggml-common.h {@code block_q5_K}, 176 bytes): the {@link ScaleMinHeaders} header in bytes
 * 0-15, {@code qh[32]} at 16, {@code qs[128]} at 48. Byte {@code 32c + l} of qs holds the low four bits of
 * value {@code 64c + l} (low nibble) and {@code 64c + 32 + l} (high nibble); their fifth bits are bits 2c and
 * 2c+1 of {@code qh[l]} ({@code dequantize_row_q5_K}, ggml-quants.c).
 */
public final class Q5_KDots implements F32RowDot, Int8RowDot {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final int L = F.length();
    private static final VectorSpecies<Byte> BL = Lanes.byteLoads(L);
    /** Bytes per weight load, and int vectors each load widens to. */
    private static final int BLEN = BL.length();
    private static final int PARTS = BLEN / L;

    private static final int BLOCK = 176;
    private static final int D = 0;
    private static final int QH = 16;
    private static final int QS = 48;
    private static final int STRIDE = ScaleMinHeaders.STRIDE;

    private static final ScaleMinHeaders HEADERS = WidthSpecializer.instance(ScaleMinHeaderDecoder.class, V, ScaleMinHeaders.class);
    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q5_KDots() {
    }

    // ---------------------------------------------------------------- F32 activations

    @Override
    public void dot(MemorySegment w, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
                    float[] y, int yOff, int yStride) {
        int nb = cols / QK_K;
        float[] s = Scratch.floats(STRIDE * nb);
        HEADERS.prepare(w, rowOffset, nb, BLOCK, s, false);
        if (n == 1) {
            y[yOff] = fused1(w, rowOffset, nb, s, x, xOff);
        } else {
            fused4(w, rowOffset, nb, s, x, xOff, xStride, n, y, yOff, yStride);
        }
    }

    private static float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff) {
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            int xb = xOff + QK_K * k;
            for (int c = 0; c < 4; c++) {
                int sc = STRIDE * k + ScaleMinHeaders.SCALES_AT + 2 * c;
                int mn = STRIDE * k + ScaleMinHeaders.MINS_AT + 2 * c;
                FloatVector d0 = FloatVector.broadcast(F, s[sc]);
                FloatVector d1 = FloatVector.broadcast(F, s[sc + 1]);
                FloatVector m0 = FloatVector.broadcast(F, s[mn]);
                FloatVector m1 = FloatVector.broadcast(F, s[mn + 1]);
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * c + g, LE);
                    ByteVector high = ByteVector.fromMemorySegment(BL, w, blk + QH + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        // fifth bits of the chunk's two sub-blocks, moved to bit 4
                        IntVector h = ((IntVector) high.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                        FloatVector w0 = ((FloatVector) q.and(low).or(h.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0);
                        FloatVector w1 = ((FloatVector) q.lanewise(LSHR, 4).or(h.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1);
                        int v = xb + 64 * c + g + p * L;
                        acc0 = w0.fma(FloatVector.fromArray(F, x, v), acc0);
                        acc1 = w1.fma(FloatVector.fromArray(F, x, v + 32), acc1);
                    }
                }
            }
        }
        return acc0.add(acc1).reduceLanes(ADD);
    }

    /** Two to four activation rows; rows past {@code n} repeat the last one and are not stored. */
    private static void fused4(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff, int xStride, int n,
                               float[] y, int yOff, int yStride) {
        int x0 = xOff;
        int x1 = xOff + xStride * Math.min(1, n - 1);
        int x2 = xOff + xStride * Math.min(2, n - 1);
        int x3 = xOff + xStride * Math.min(3, n - 1);
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            for (int c = 0; c < 4; c++) {
                int sc = STRIDE * k + ScaleMinHeaders.SCALES_AT + 2 * c;
                int mn = STRIDE * k + ScaleMinHeaders.MINS_AT + 2 * c;
                FloatVector d0 = FloatVector.broadcast(F, s[sc]);
                FloatVector d1 = FloatVector.broadcast(F, s[sc + 1]);
                FloatVector m0 = FloatVector.broadcast(F, s[mn]);
                FloatVector m1 = FloatVector.broadcast(F, s[mn + 1]);
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * c + g, LE);
                    ByteVector high = ByteVector.fromMemorySegment(BL, w, blk + QH + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        // fifth bits of the chunk's two sub-blocks, moved to bit 4
                        IntVector h = ((IntVector) high.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                        FloatVector w0 = ((FloatVector) q.and(low).or(h.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0);
                        FloatVector w1 = ((FloatVector) q.lanewise(LSHR, 4).or(h.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1);
                        int v = QK_K * k + 64 * c + g + p * L;
                        acc0 = w1.fma(FloatVector.fromArray(F, x, x0 + v + 32), w0.fma(FloatVector.fromArray(F, x, x0 + v), acc0));
                        acc1 = w1.fma(FloatVector.fromArray(F, x, x1 + v + 32), w0.fma(FloatVector.fromArray(F, x, x1 + v), acc1));
                        acc2 = w1.fma(FloatVector.fromArray(F, x, x2 + v + 32), w0.fma(FloatVector.fromArray(F, x, x2 + v), acc2));
                        acc3 = w1.fma(FloatVector.fromArray(F, x, x3 + v + 32), w0.fma(FloatVector.fromArray(F, x, x3 + v), acc3));
                    }
                }
            }
        }
        y[yOff] = acc0.reduceLanes(ADD);
        y[yOff + yStride] = acc1.reduceLanes(ADD);
        if (n > 2) {
            y[yOff + 2 * yStride] = acc2.reduceLanes(ADD);
        }
        if (n > 3) {
            y[yOff + 3 * yStride] = acc3.reduceLanes(ADD);
        }
    }

    // ---------------------------------------------------------------- q8_K activations

    @Override
    public void dot(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                    float[] y, int yOff, int yStride) {
        int nb = cols / QK_K;
        float[] s = Scratch.floats(STRIDE * nb);
        HEADERS.prepare(w, rowOffset, nb, BLOCK, s, true);
        if (n == 1) {
            y[yOff] = int8x1(w, rowOffset, nb, s, a, aRow) + minTerm(s, nb, a, aRow);
        } else {
            int8x4(w, rowOffset, nb, s, a, aRow, n, y, yOff, yStride);
            for (int r = 0; r < n; r++) {
                y[yOff + r * yStride] += minTerm(s, nb, a, aRow + r);
            }
        }
    }

    /** {@code -sum_k dmin_k * d8_k * sum_j m_j * (bsums[2j] + bsums[2j+1])} for activation row {@code r}. */
    private static float minTerm(float[] s, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, ScaleMinHeaders.MINS16_AT, ScaleMinHeaders.NEG_DMIN_AT, nb, a, r);
    }

    /** sum_k d_k * d8_k * sum_j sc_j * (sum of q*a over sub-block j); the min term is added by the caller. */
    private static float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        FloatVector total = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            int ab = aRow * nb + k;
            FloatVector acc = FloatVector.zero(F);
            for (int c = 0; c < 4; c++) {
                FloatVector s0 = FloatVector.zero(F);
                FloatVector s1 = FloatVector.zero(F);
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * c + g, LE);
                    ByteVector high = ByteVector.fromMemorySegment(BL, w, blk + QH + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        // fifth bits of the chunk's two sub-blocks, moved to bit 4
                        IntVector h = ((IntVector) high.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                        int v = QK_K * ab + 64 * c + g + p * L;
                        s0 = ((FloatVector) q.and(low).or(h.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, v), s0);
                        s1 = ((FloatVector) q.lanewise(LSHR, 4).or(h.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, v + 32), s1);
                    }
                }
                int sc = STRIDE * k + ScaleMinHeaders.SCALES_AT + 2 * c;
                acc = s1.fma(FloatVector.broadcast(F, s[sc + 1]), s0.fma(FloatVector.broadcast(F, s[sc]), acc));
            }
            total = acc.fma(FloatVector.broadcast(F, Lanes.half(w, blk + D) * a.d[ab]), total);
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
        IntVector bit4 = IntVector.broadcast(I, 0x10);
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
            for (int c = 0; c < 4; c++) {
                FloatVector s00 = FloatVector.zero(F);
                FloatVector s01 = FloatVector.zero(F);
                FloatVector s10 = FloatVector.zero(F);
                FloatVector s11 = FloatVector.zero(F);
                FloatVector s20 = FloatVector.zero(F);
                FloatVector s21 = FloatVector.zero(F);
                FloatVector s30 = FloatVector.zero(F);
                FloatVector s31 = FloatVector.zero(F);
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * c + g, LE);
                    ByteVector high = ByteVector.fromMemorySegment(BL, w, blk + QH + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        // fifth bits of the chunk's two sub-blocks, moved to bit 4
                        IntVector h = ((IntVector) high.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                        FloatVector lo = (FloatVector) q.and(low).or(h.and(bit4)).convertShape(I2F, F, 0);
                        FloatVector hi = (FloatVector) q.lanewise(LSHR, 4).or(h.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0);
                        int v = 64 * c + g + p * L;
                        s00 = lo.fma(FloatVector.fromArray(F, qf, QK_K * b0 + v), s00);
                        s01 = hi.fma(FloatVector.fromArray(F, qf, QK_K * b0 + v + 32), s01);
                        s10 = lo.fma(FloatVector.fromArray(F, qf, QK_K * b1 + v), s10);
                        s11 = hi.fma(FloatVector.fromArray(F, qf, QK_K * b1 + v + 32), s11);
                        s20 = lo.fma(FloatVector.fromArray(F, qf, QK_K * b2 + v), s20);
                        s21 = hi.fma(FloatVector.fromArray(F, qf, QK_K * b2 + v + 32), s21);
                        s30 = lo.fma(FloatVector.fromArray(F, qf, QK_K * b3 + v), s30);
                        s31 = hi.fma(FloatVector.fromArray(F, qf, QK_K * b3 + v + 32), s31);
                    }
                }
                int sc = STRIDE * k + ScaleMinHeaders.SCALES_AT + 2 * c;
                FloatVector sc0 = FloatVector.broadcast(F, s[sc]);
                FloatVector sc1 = FloatVector.broadcast(F, s[sc + 1]);
                acc0 = s01.fma(sc1, s00.fma(sc0, acc0));
                acc1 = s11.fma(sc1, s10.fma(sc0, acc1));
                acc2 = s21.fma(sc1, s20.fma(sc0, acc2));
                acc3 = s31.fma(sc1, s30.fma(sc0, acc3));
            }
            float d = Lanes.half(w, blk + D);
            t0 = acc0.fma(FloatVector.broadcast(F, d * a.d[b0]), t0);
            t1 = acc1.fma(FloatVector.broadcast(F, d * a.d[b1]), t1);
            t2 = acc2.fma(FloatVector.broadcast(F, d * a.d[b2]), t2);
            t3 = acc3.fma(FloatVector.broadcast(F, d * a.d[b3]), t3);
        }
        y[yOff] = t0.reduceLanes(ADD);
        y[yOff + yStride] = t1.reduceLanes(ADD);
        if (n > 2) {
            y[yOff + 2 * yStride] = t2.reduceLanes(ADD);
        }
        if (n > 3) {
            y[yOff + 3 * yStride] = t3.reduceLanes(ADD);
        }
    }

    /** One int per 32-value sub-block: sum of q (0..31) times the q8_K value. */
    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        for (int k = 0; k < nb; k++) {
            long blk = rowOffset + (long) BLOCK * k;
            int v0 = (aRow * nb + k) * QK_K;
            for (int c = 0; c < 4; c++) {
                FloatVector s0 = FloatVector.zero(F);
                FloatVector s1 = FloatVector.zero(F);
                for (int g = 0; g < 32; g += BLEN) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * c + g, LE);
                    ByteVector high = ByteVector.fromMemorySegment(BL, w, blk + QH + g, LE);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector q = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                        // fifth bits of the chunk's two sub-blocks, moved to bit 4
                        IntVector h = ((IntVector) high.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                        int v = v0 + 64 * c + g + p * L;
                        s0 = ((FloatVector) q.and(low).or(h.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, v), s0);
                        s1 = ((FloatVector) q.lanewise(LSHR, 4).or(h.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, v + 32), s1);
                    }
                }
                out[8 * k + 2 * c] = (int) s0.reduceLanes(ADD);
                out[8 * k + 2 * c + 1] = (int) s1.reduceLanes(ADD);
            }
        }
        return 8 * nb;
    }
}
