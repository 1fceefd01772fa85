package dev.chord.kernels.vector;

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
 * template: one copy per vector width ({@link WidthSpecializer}). The same computation and code shape as
 * {@link Q4_KDots}, with a fifth bit per level.
 *
 * <p>Layout (ggml-common.h {@code block_q5_K}, 176 bytes): the {@link ScaleMinHeaders} header in bytes
 * 0-15, {@code qh[32]} at 16, {@code qs[128]} at 48. Byte {@code 32c + l} of qs holds the low four bits of
 * value {@code 64c + l} (low nibble) and {@code 64c + 32 + l} (high nibble); their fifth bits are bits 2c and
 * 2c+1 of {@code qh[l]} ({@code dequantize_row_q5_K}, ggml-quants.c).
 */
public final class Q5_KDots extends SuperBlockDots {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final int L = F.length();
    private static final VectorSpecies<Byte> BL = Lanes.byteLoads(L);
    /** Bytes per weight load, and int vectors each load widens to. */
    private static final int BLEN = BL.length();
    private static final int PARTS = BLEN / L;
    /** Int vectors per 16 bytes of qs. */
    private static final int HALF = 16 / L;

    private static final int BLOCK = 176;
    private static final int QH = 16;
    private static final int QS = 48;
    private static final int STRIDE = ScaleMinHeaders.STRIDE;
    private static final int SCALES_AT = ScaleMinHeaders.SCALES_AT;
    private static final int MINS_AT = ScaleMinHeaders.MINS_AT;

    private static final ScaleMinHeaders HEADERS = WidthSpecializer.instance(ScaleMinHeaderDecoder.class, V, ScaleMinHeaders.class);
    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q5_KDots() {
        super(STRIDE, true);
    }

    @Override
    void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8) {
        HEADERS.prepare(w, row, nb, BLOCK, s, int8);
    }

    // ---------------------------------------------------------------- F32 activations

    @Override
    float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff) {
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            HEADERS.decode(w, blk, s, STRIDE * k, false);
            long qs = blk + QS;
            int v = xOff + QK_K * k;
            int sc = STRIDE * k + SCALES_AT;
            int mn = STRIDE * k + MINS_AT;
            FloatVector d0;
            FloatVector d1;
            FloatVector m0;
            FloatVector m1;
            d0 = FloatVector.broadcast(F, s[sc + 0]);
            d1 = FloatVector.broadcast(F, s[sc + 1]);
            m0 = FloatVector.broadcast(F, s[mn + 0]);
            m1 = FloatVector.broadcast(F, s[mn + 1]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 0 for the low nibbles, 1 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4);
                int vp = v + 0 + p * L;
                acc0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
            }
            d0 = FloatVector.broadcast(F, s[sc + 2]);
            d1 = FloatVector.broadcast(F, s[sc + 3]);
            m0 = FloatVector.broadcast(F, s[mn + 2]);
            m1 = FloatVector.broadcast(F, s[mn + 3]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 2 for the low nibbles, 3 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2);
                int vp = v + 64 + p * L;
                acc0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
            }
            d0 = FloatVector.broadcast(F, s[sc + 4]);
            d1 = FloatVector.broadcast(F, s[sc + 5]);
            m0 = FloatVector.broadcast(F, s[mn + 4]);
            m1 = FloatVector.broadcast(F, s[mn + 5]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 64 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 80 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 4 for the low nibbles, 5 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 4);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 4);
                int vp = v + 128 + p * L;
                acc0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
            }
            d0 = FloatVector.broadcast(F, s[sc + 6]);
            d1 = FloatVector.broadcast(F, s[sc + 7]);
            m0 = FloatVector.broadcast(F, s[mn + 6]);
            m1 = FloatVector.broadcast(F, s[mn + 7]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 96 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 112 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 6 for the low nibbles, 7 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 6);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 6);
                int vp = v + 192 + p * L;
                acc0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
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
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            long qs = blk + QS;
            // not a counted loop for C2 (no loop setup per super-block); four iterations
            for (int c = 0, left = 0b1111; left != 0; c++, left >>>= 1) {
                int sc = STRIDE * k + SCALES_AT + 2 * c;
                int mn = STRIDE * k + MINS_AT + 2 * c;
                FloatVector d0 = FloatVector.broadcast(F, s[sc]);
                FloatVector d1 = FloatVector.broadcast(F, s[sc + 1]);
                FloatVector m0 = FloatVector.broadcast(F, s[mn]);
                FloatVector m1 = FloatVector.broadcast(F, s[mn + 1]);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    // fifth bits, moved to bit 4 (bit 2c for the low nibbles, 2c+1 for the high ones)
                    IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                    IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                    FloatVector w0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0);
                    FloatVector w1 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(d0, m0);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1);
                    FloatVector w3 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(d1, m1);
                    int vp = QK_K * k + 64 * c + p * L;
                    acc0 = w3.fma(FloatVector.fromArray(F, x, x0 + vp + 48), w2.fma(FloatVector.fromArray(F, x, x0 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, x, x0 + vp + 16), w0.fma(FloatVector.fromArray(F, x, x0 + vp), acc0))));
                    acc1 = w3.fma(FloatVector.fromArray(F, x, x1 + vp + 48), w2.fma(FloatVector.fromArray(F, x, x1 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, x, x1 + vp + 16), w0.fma(FloatVector.fromArray(F, x, x1 + vp), acc1))));
                    acc2 = w3.fma(FloatVector.fromArray(F, x, x2 + vp + 48), w2.fma(FloatVector.fromArray(F, x, x2 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, x, x2 + vp + 16), w0.fma(FloatVector.fromArray(F, x, x2 + vp), acc2))));
                    acc3 = w3.fma(FloatVector.fromArray(F, x, x3 + vp + 48), w2.fma(FloatVector.fromArray(F, x, x3 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, x, x3 + vp + 16), w0.fma(FloatVector.fromArray(F, x, x3 + vp), acc3))));
                }
            }
        }
        store(y, yOff, yStride, n, acc0.reduceLanes(ADD), acc1.reduceLanes(ADD), acc2.reduceLanes(ADD), acc3.reduceLanes(ADD));
    }

    // ---------------------------------------------------------------- q8_K activations

    /** {@code -sum_k dmin_k * d8_k * sum_j m_j * (bsums[2j] + bsums[2j+1])} for activation row {@code r}. */
    @Override
    float blockSumTerm(float[] s, int at, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, at + ScaleMinHeaders.MINS16_AT, at + ScaleMinHeaders.NEG_DMIN_AT, nb, a, r);
    }

    /**
     * {@code sum_k d_k * d8_k * sum_j sc_j * S_j}, S_j the sum of q*a over sub-block j (exact in float lanes);
     * the min term is added by the caller.
     */
    @Override
    float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        FloatVector total = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            HEADERS.decode(w, blk, s, STRIDE * k, true);
            long qs = blk + QS;
            int v = QK_K * (aRow * nb + k);
            int sc = STRIDE * k + SCALES_AT;
            FloatVector accLow = FloatVector.zero(F);
            FloatVector accHigh = FloatVector.zero(F);
            FloatVector s0;
            FloatVector s1;
            s0 = FloatVector.zero(F);
            s1 = FloatVector.zero(F);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 0 for the low nibbles, 1 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4);
                int vp = v + 0 + p * L;
                s0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 0]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 1]), accHigh);
            s0 = FloatVector.zero(F);
            s1 = FloatVector.zero(F);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 2 for the low nibbles, 3 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2);
                int vp = v + 64 + p * L;
                s0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 2]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 3]), accHigh);
            s0 = FloatVector.zero(F);
            s1 = FloatVector.zero(F);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 64 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 80 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 4 for the low nibbles, 5 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 4);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 4);
                int vp = v + 128 + p * L;
                s0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 4]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 5]), accHigh);
            s0 = FloatVector.zero(F);
            s1 = FloatVector.zero(F);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 96 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 112 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                // fifth bits, moved to bit 4 (bit 6 for the low nibbles, 7 for the high ones)
                IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 6);
                IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 6);
                int vp = v + 192 + p * L;
                s0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 6]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 7]), accHigh);
            float dd = s[STRIDE * k + ScaleMinHeaders.D_AT] * a.d[aRow * nb + k];
            total = accLow.add(accHigh).fma(FloatVector.broadcast(F, dd), total);
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
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector bit4 = IntVector.broadcast(I, 0x10);
        FloatVector t0 = FloatVector.zero(F);
        FloatVector t1 = FloatVector.zero(F);
        FloatVector t2 = FloatVector.zero(F);
        FloatVector t3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            long qs = blk + QS;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            // not a counted loop for C2 (no loop setup per super-block); four iterations
            for (int c = 0, left = 0b1111; left != 0; c++, left >>>= 1) {
                int sc = STRIDE * k + SCALES_AT + 2 * c;
                // the scales go on the decoded levels once for the tile; sc*q*a sums stay exact below 2^24 per block
                FloatVector sc0 = FloatVector.broadcast(F, s[sc]);
                FloatVector sc1 = FloatVector.broadcast(F, s[sc + 1]);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    // fifth bits, moved to bit 4 (bit 2c for the low nibbles, 2c+1 for the high ones)
                    IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                    IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                    FloatVector w0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).mul(sc0);
                    FloatVector w1 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).mul(sc0);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).mul(sc1);
                    FloatVector w3 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).mul(sc1);
                    int vp = QK_K * k + 64 * c + p * L;
                    acc0 = w3.fma(FloatVector.fromArray(F, qf, QK_K * b0 + vp + 48), w2.fma(FloatVector.fromArray(F, qf, QK_K * b0 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * b0 + vp + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b0 + vp), acc0))));
                    acc1 = w3.fma(FloatVector.fromArray(F, qf, QK_K * b1 + vp + 48), w2.fma(FloatVector.fromArray(F, qf, QK_K * b1 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * b1 + vp + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b1 + vp), acc1))));
                    acc2 = w3.fma(FloatVector.fromArray(F, qf, QK_K * b2 + vp + 48), w2.fma(FloatVector.fromArray(F, qf, QK_K * b2 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * b2 + vp + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b2 + vp), acc2))));
                    acc3 = w3.fma(FloatVector.fromArray(F, qf, QK_K * b3 + vp + 48), w2.fma(FloatVector.fromArray(F, qf, QK_K * b3 + vp + 32),
                            w1.fma(FloatVector.fromArray(F, qf, QK_K * b3 + vp + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b3 + vp), acc3))));
                }
            }
            float d = s[STRIDE * k + ScaleMinHeaders.D_AT];
            t0 = acc0.fma(FloatVector.broadcast(F, d * a.d[b0 + k]), t0);
            t1 = acc1.fma(FloatVector.broadcast(F, d * a.d[b1 + k]), t1);
            t2 = acc2.fma(FloatVector.broadcast(F, d * a.d[b2 + k]), t2);
            t3 = acc3.fma(FloatVector.broadcast(F, d * a.d[b3 + k]), t3);
        }
        store(y, yOff, yStride, n, t0.reduceLanes(ADD), t1.reduceLanes(ADD), t2.reduceLanes(ADD), t3.reduceLanes(ADD));
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
            long qs = blk + QS;
            for (int c = 0; c < 4; c++) {
                FloatVector s0 = FloatVector.zero(F);
                FloatVector s1 = FloatVector.zero(F);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    // fifth bits, moved to bit 4 (bit 2c for the low nibbles, 2c+1 for the high ones)
                    IntVector hq = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                    IntVector hr = ((IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS)).lanewise(LSHL, 4).lanewise(LSHR, 2 * c);
                    int vp = QK_K * (aRow * nb + k) + 64 * c + p * L;
                    s0 = ((FloatVector) q.and(low).or(hq.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                    s0 = ((FloatVector) r.and(low).or(hr.and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                    s1 = ((FloatVector) q.lanewise(LSHR, 4).or(hq.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                    s1 = ((FloatVector) r.lanewise(LSHR, 4).or(hr.lanewise(LSHR, 1).and(bit4)).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
                }
                out[8 * k + 2 * c] = (int) s0.reduceLanes(ADD);
                out[8 * k + 2 * c + 1] = (int) s1.reduceLanes(ADD);
            }
        }
        return 8 * nb;
    }
}
