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
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * q4_K row dots: F32 activations ({@code vector.fused}) and q8_K activations ({@code vector.int8}). A width
 * template: one copy per vector width ({@link WidthSpecializer}).
 *
 * <p>Layout (ggml-common.h {@code block_q4_K}, 144 bytes): the {@link ScaleMinHeaders} header in bytes
 * 0-15, {@code qs[128]} at 16: byte {@code 32c + l} holds value {@code 64c + l} in its low nibble and
 * {@code 64c + 32 + l} in its high one, so chunk c covers sub-blocks 2c (low nibbles) and 2c+1 (high).
 *
 * <p>Code shape, measured on q4_K 4096x4096: the single-row loops decode each super-block's header at the
 * top of the block ({@link ScaleMinHeaders#decode}), the tile loops get the whole row decoded before them;
 * decoding in the loop lets the header loads overlap with the arithmetic instead of a separate pass waiting
 * for memory (q4_K 1-2% faster, q5_K 3-9%, q6_K 10-15%, interleaved). C2 does not inline that decode (425
 * bytes of bytecode, over FreqInlineSize: "hot method too big"), so it is a call per super-block that spills
 * the vector registers; split under the limit and inlined it measured 3% faster on 4096x4096 but 15-16% slower
 * on 65536x4096 (weights streamed from DRAM), in-process A/B of the two builds, so it stays a call. The
 * matrix-vector loops spell out the
 * four chunks of a super-block (a counted inner loop of four costs C2 a loop setup per super-block, about
 * a fifth of the time); the tile loops keep a short inner loop that C2 does not treat as counted. The fused
 * dot decodes {@code d*sc*q - dmin*m} with one FMA and multiplies it into every activation row of the tile;
 * the int8 dot sums {@code q*a} per sub-block in float lanes (exact: every partial sum is an integer below
 * 2^24), applies the 6-bit scales as small integers, one float multiply by {@code d*d8} per super-block, and
 * takes the min term from q8_K's block sums as ggml's x86 kernel does
 * ({@code ggml_vec_dot_q4_K_q8_K}, ggml-cpu/arch/x86/quants.c).
 */
public final class Q4_KDots extends SuperBlockDots {

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

    private static final int BLOCK = 144;
    private static final int QS = 16;
    private static final int STRIDE = ScaleMinHeaders.STRIDE;
    private static final int SCALES_AT = ScaleMinHeaders.SCALES_AT;
    private static final int MINS_AT = ScaleMinHeaders.MINS_AT;

    private static final ScaleMinHeaders HEADERS = WidthSpecializer.instance(ScaleMinHeaderDecoder.class, V, ScaleMinHeaders.class);
    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q4_KDots() {
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
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            HEADERS.decode(w, row + (long) BLOCK * k, s, STRIDE * k, false);
            long qs = row + (long) BLOCK * k + QS;
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
                int vp = v + 0 + p * L;
                acc0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
            }
            d0 = FloatVector.broadcast(F, s[sc + 2]);
            d1 = FloatVector.broadcast(F, s[sc + 3]);
            m0 = FloatVector.broadcast(F, s[mn + 2]);
            m1 = FloatVector.broadcast(F, s[mn + 3]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 64 + p * L;
                acc0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
            }
            d0 = FloatVector.broadcast(F, s[sc + 4]);
            d1 = FloatVector.broadcast(F, s[sc + 5]);
            m0 = FloatVector.broadcast(F, s[mn + 4]);
            m1 = FloatVector.broadcast(F, s[mn + 5]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 64 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 80 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 128 + p * L;
                acc0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
            }
            d0 = FloatVector.broadcast(F, s[sc + 6]);
            d1 = FloatVector.broadcast(F, s[sc + 7]);
            m0 = FloatVector.broadcast(F, s[mn + 6]);
            m1 = FloatVector.broadcast(F, s[mn + 7]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 96 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 112 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 192 + p * L;
                acc0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(d0, m0).fma(FloatVector.fromArray(F, x, vp + 16), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 32), acc2);
                acc3 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1).fma(FloatVector.fromArray(F, x, vp + 48), acc3);
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
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long qs = row + (long) BLOCK * k + QS;
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
                    FloatVector w0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(d0, m0);
                    FloatVector w1 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(d0, m0);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1);
                    FloatVector w3 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(d1, m1);
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
        FloatVector total = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            HEADERS.decode(w, row + (long) BLOCK * k, s, STRIDE * k, true);
            long qs = row + (long) BLOCK * k + QS;
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
                int vp = v + 0 + p * L;
                s0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 0]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 1]), accHigh);
            s0 = FloatVector.zero(F);
            s1 = FloatVector.zero(F);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 64 + p * L;
                s0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 2]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 3]), accHigh);
            s0 = FloatVector.zero(F);
            s1 = FloatVector.zero(F);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 64 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 80 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 128 + p * L;
                s0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 4]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 5]), accHigh);
            s0 = FloatVector.zero(F);
            s1 = FloatVector.zero(F);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 96 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 112 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 192 + p * L;
                s0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                s0 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                s1 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                s1 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
            }
            accLow = s0.fma(FloatVector.broadcast(F, s[sc + 6]), accLow);
            accHigh = s1.fma(FloatVector.broadcast(F, s[sc + 7]), accHigh);
            float dd = s[STRIDE * k + ScaleMinHeaders.D_AT] * a.d[aRow * nb + k];
            total = accLow.add(accHigh).fma(FloatVector.broadcast(F, dd), total);
        }
        return total.reduceLanes(ADD);
    }

    /**
     * Four rows: against two, 0.84-0.91x the time at 4096x4096 and 0.86-0.92x at 65536x4096 (in-process A/B); two
     * rows were in turn 0.91-0.94x and 0.84-0.93x of one row at a time.
     */
    @Override
    public int rowsPerPass() {
        return 4;
    }

    /**
     * Four weight rows against one activation row: each activation load serves all four, and the rows (a quarter
     * of a row block apart, chosen by the driver) are four streams from memory. The chunks are a loop C2 does not
     * treat as counted; for two rows, four spelled-out copies measured the same (1.02, 1.01).
     */
    @Override
    void int8Rows(MemorySegment w, long row, long rowStep, int nb, float[] s, int rowScratch, QuantizedActivations a,
                  int aRow, float[] y, int yOff, int yStep) {
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        long row0 = row;
        long row1 = row + rowStep;
        long row2 = row + 2 * rowStep;
        long row3 = row + 3 * rowStep;
        int at1 = rowScratch;
        int at2 = 2 * rowScratch;
        int at3 = 3 * rowScratch;
        FloatVector total0 = FloatVector.zero(F);
        FloatVector total1 = FloatVector.zero(F);
        FloatVector total2 = FloatVector.zero(F);
        FloatVector total3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            HEADERS.decode(w, row0 + (long) BLOCK * k, s, STRIDE * k, true);
            HEADERS.decode(w, row1 + (long) BLOCK * k, s, at1 + STRIDE * k, true);
            HEADERS.decode(w, row2 + (long) BLOCK * k, s, at2 + STRIDE * k, true);
            HEADERS.decode(w, row3 + (long) BLOCK * k, s, at3 + STRIDE * k, true);
            long qs0 = row0 + (long) BLOCK * k + QS;
            long qs1 = row1 + (long) BLOCK * k + QS;
            long qs2 = row2 + (long) BLOCK * k + QS;
            long qs3 = row3 + (long) BLOCK * k + QS;
            int v = QK_K * (aRow * nb + k);
            int sc = STRIDE * k + SCALES_AT;
            FloatVector lo0 = FloatVector.zero(F);
            FloatVector hi0 = FloatVector.zero(F);
            FloatVector lo1 = FloatVector.zero(F);
            FloatVector hi1 = FloatVector.zero(F);
            FloatVector lo2 = FloatVector.zero(F);
            FloatVector hi2 = FloatVector.zero(F);
            FloatVector lo3 = FloatVector.zero(F);
            FloatVector hi3 = FloatVector.zero(F);
            // not a counted loop for C2 (no loop setup per super-block); four iterations, chunk c
            for (int c = 0, left = 0b1111; left != 0; c++, left >>>= 1) {
                FloatVector a0 = FloatVector.zero(F);
                FloatVector b0 = FloatVector.zero(F);
                FloatVector a1 = FloatVector.zero(F);
                FloatVector b1 = FloatVector.zero(F);
                FloatVector a2 = FloatVector.zero(F);
                FloatVector b2 = FloatVector.zero(F);
                FloatVector a3 = FloatVector.zero(F);
                FloatVector b3 = FloatVector.zero(F);
                for (int p = 0; p < HALF; p++) {
                    int vp = v + 64 * c + p * L;
                    FloatVector x0 = FloatVector.fromArray(F, qf, vp);
                    FloatVector x1 = FloatVector.fromArray(F, qf, vp + 16);
                    FloatVector x2 = FloatVector.fromArray(F, qf, vp + 32);
                    FloatVector x3 = FloatVector.fromArray(F, qf, vp + 48);
                    IntVector q0 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs0 + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r0 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs0 + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    a0 = ((FloatVector) q0.and(low).convertShape(I2F, F, 0)).fma(x0, a0);
                    a0 = ((FloatVector) r0.and(low).convertShape(I2F, F, 0)).fma(x1, a0);
                    b0 = ((FloatVector) q0.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x2, b0);
                    b0 = ((FloatVector) r0.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x3, b0);
                    IntVector q1 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs1 + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r1 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs1 + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    a1 = ((FloatVector) q1.and(low).convertShape(I2F, F, 0)).fma(x0, a1);
                    a1 = ((FloatVector) r1.and(low).convertShape(I2F, F, 0)).fma(x1, a1);
                    b1 = ((FloatVector) q1.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x2, b1);
                    b1 = ((FloatVector) r1.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x3, b1);
                    IntVector q2 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs2 + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r2 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs2 + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    a2 = ((FloatVector) q2.and(low).convertShape(I2F, F, 0)).fma(x0, a2);
                    a2 = ((FloatVector) r2.and(low).convertShape(I2F, F, 0)).fma(x1, a2);
                    b2 = ((FloatVector) q2.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x2, b2);
                    b2 = ((FloatVector) r2.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x3, b2);
                    IntVector q3 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs3 + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r3 = (IntVector) ByteVector.fromMemorySegment(BL, w, qs3 + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    a3 = ((FloatVector) q3.and(low).convertShape(I2F, F, 0)).fma(x0, a3);
                    a3 = ((FloatVector) r3.and(low).convertShape(I2F, F, 0)).fma(x1, a3);
                    b3 = ((FloatVector) q3.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x2, b3);
                    b3 = ((FloatVector) r3.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(x3, b3);
                }
                lo0 = a0.fma(FloatVector.broadcast(F, s[sc + 2 * c]), lo0);
                hi0 = b0.fma(FloatVector.broadcast(F, s[sc + 2 * c + 1]), hi0);
                lo1 = a1.fma(FloatVector.broadcast(F, s[at1 + sc + 2 * c]), lo1);
                hi1 = b1.fma(FloatVector.broadcast(F, s[at1 + sc + 2 * c + 1]), hi1);
                lo2 = a2.fma(FloatVector.broadcast(F, s[at2 + sc + 2 * c]), lo2);
                hi2 = b2.fma(FloatVector.broadcast(F, s[at2 + sc + 2 * c + 1]), hi2);
                lo3 = a3.fma(FloatVector.broadcast(F, s[at3 + sc + 2 * c]), lo3);
                hi3 = b3.fma(FloatVector.broadcast(F, s[at3 + sc + 2 * c + 1]), hi3);
            }
            float d8 = a.d[aRow * nb + k];
            total0 = lo0.add(hi0).fma(FloatVector.broadcast(F, s[STRIDE * k + ScaleMinHeaders.D_AT] * d8), total0);
            total1 = lo1.add(hi1).fma(FloatVector.broadcast(F, s[at1 + STRIDE * k + ScaleMinHeaders.D_AT] * d8), total1);
            total2 = lo2.add(hi2).fma(FloatVector.broadcast(F, s[at2 + STRIDE * k + ScaleMinHeaders.D_AT] * d8), total2);
            total3 = lo3.add(hi3).fma(FloatVector.broadcast(F, s[at3 + STRIDE * k + ScaleMinHeaders.D_AT] * d8), total3);
        }
        y[yOff] = total0.reduceLanes(ADD);
        y[yOff + yStep] = total1.reduceLanes(ADD);
        y[yOff + 2 * yStep] = total2.reduceLanes(ADD);
        y[yOff + 3 * yStep] = total3.reduceLanes(ADD);
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
        FloatVector t0 = FloatVector.zero(F);
        FloatVector t1 = FloatVector.zero(F);
        FloatVector t2 = FloatVector.zero(F);
        FloatVector t3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long qs = row + (long) BLOCK * k + QS;
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
                    FloatVector w0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).mul(sc0);
                    FloatVector w1 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).mul(sc0);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).mul(sc1);
                    FloatVector w3 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).mul(sc1);
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

    /** One int per 32-value sub-block: sum of q (0..15) times the q8_K value. */
    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        for (int k = 0; k < nb; k++) {
            long qs = rowOffset + (long) BLOCK * k + QS;
            for (int c = 0; c < 4; c++) {
                FloatVector s0 = FloatVector.zero(F);
                FloatVector s1 = FloatVector.zero(F);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector r = (IntVector) ByteVector.fromMemorySegment(BL, w, qs + 32 * c + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    int vp = QK_K * (aRow * nb + k) + 64 * c + p * L;
                    s0 = ((FloatVector) q.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp), s0);
                    s0 = ((FloatVector) r.and(low).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 16), s0);
                    s1 = ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 32), s1);
                    s1 = ((FloatVector) r.lanewise(LSHR, 4).convertShape(I2F, F, 0)).fma(FloatVector.fromArray(F, qf, vp + 48), s1);
                }
                out[8 * k + 2 * c] = (int) s0.reduceLanes(ADD);
                out[8 * k + 2 * c + 1] = (int) s1.reduceLanes(ADD);
            }
        }
        return 8 * nb;
    }
}
