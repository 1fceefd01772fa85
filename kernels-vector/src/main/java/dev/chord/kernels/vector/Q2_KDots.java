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
 *
 * <p>Code shape as in {@link Q4_KDots}, except that the scales are decoded per row before the loops,
 * which call nothing, also for one activation row (decoding at the top of each super-block, as the other
 * K-quants do, measured 8% slower for the fused dot and no faster for the int8 one, 4096x4096);
 * straight-line super-blocks for one activation row; a loop C2 does not treat as counted for tiles.
 */
public final class Q2_KDots extends SuperBlockDots {

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

    private static final int BLOCK = 84;
    private static final int SCALES = 0;
    private static final int QS = 16;
    private static final int D = 80;
    private static final int DMIN = 82;

    /**
     * Scratch per super-block: [0,16) scales (times d, fused), [16,32) mins (times -dmin, fused), [32] int8:
     * -dmin, the block-sum factor, [33] int8: d.
     */
    private static final int STRIDE = 40;
    private static final int MINS_AT = 16;
    private static final int NEG_DMIN_AT = 32;
    private static final int D_AT = 33;

    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q2_KDots() {
        super(STRIDE);
    }

    /** One pass over the row's super-blocks, calling nothing: scales and mins into {@code s}. */
    @Override
    void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8) {
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            float d = Float.float16ToFloat(w.get(Lanes.HALF, blk + D));
            float dmin = Float.float16ToFloat(w.get(Lanes.HALF, blk + DMIN));
            ByteVector bytes = ByteVector.fromMemorySegment(B16, w, blk + SCALES, LE);
            for (int p = 0; p < HALF; p++) {
                IntVector v = (IntVector) bytes.convertShape(ZERO_EXTEND_B2I, I, p);
                FloatVector sc = (FloatVector) v.and(0xF).convertShape(I2F, F, 0);
                FloatVector m = (FloatVector) v.lanewise(LSHR, 4).convertShape(I2F, F, 0);
                (int8 ? sc : sc.mul(d)).intoArray(s, STRIDE * k + p * L);
                (int8 ? m : m.mul(-dmin)).intoArray(s, STRIDE * k + MINS_AT + p * L);
            }
            s[STRIDE * k + NEG_DMIN_AT] = -dmin;
            s[STRIDE * k + D_AT] = d;
        }
    }

    // ---------------------------------------------------------------- F32 activations

    @Override
    float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff) {
        IntVector three = IntVector.broadcast(I, 3);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
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
            o0 = FloatVector.broadcast(F, s[sc + MINS_AT + 0]);
            o1 = FloatVector.broadcast(F, s[sc + MINS_AT + 2]);
            o2 = FloatVector.broadcast(F, s[sc + MINS_AT + 4]);
            o3 = FloatVector.broadcast(F, s[sc + MINS_AT + 6]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 0 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
            }
            // values 16.. (+32k), sub-blocks 1, 3, 5, 7
            d0 = FloatVector.broadcast(F, s[sc + 1]);
            d1 = FloatVector.broadcast(F, s[sc + 3]);
            d2 = FloatVector.broadcast(F, s[sc + 5]);
            d3 = FloatVector.broadcast(F, s[sc + 7]);
            o0 = FloatVector.broadcast(F, s[sc + MINS_AT + 1]);
            o1 = FloatVector.broadcast(F, s[sc + MINS_AT + 3]);
            o2 = FloatVector.broadcast(F, s[sc + MINS_AT + 5]);
            o3 = FloatVector.broadcast(F, s[sc + MINS_AT + 7]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 16 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
            }
            // values 128.. (+32k), sub-blocks 8, 10, 12, 14
            d0 = FloatVector.broadcast(F, s[sc + 8]);
            d1 = FloatVector.broadcast(F, s[sc + 10]);
            d2 = FloatVector.broadcast(F, s[sc + 12]);
            d3 = FloatVector.broadcast(F, s[sc + 14]);
            o0 = FloatVector.broadcast(F, s[sc + MINS_AT + 8]);
            o1 = FloatVector.broadcast(F, s[sc + MINS_AT + 10]);
            o2 = FloatVector.broadcast(F, s[sc + MINS_AT + 12]);
            o3 = FloatVector.broadcast(F, s[sc + MINS_AT + 14]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 128 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
            }
            // values 144.. (+32k), sub-blocks 9, 11, 13, 15
            d0 = FloatVector.broadcast(F, s[sc + 9]);
            d1 = FloatVector.broadcast(F, s[sc + 11]);
            d2 = FloatVector.broadcast(F, s[sc + 13]);
            d3 = FloatVector.broadcast(F, s[sc + 15]);
            o0 = FloatVector.broadcast(F, s[sc + MINS_AT + 9]);
            o1 = FloatVector.broadcast(F, s[sc + MINS_AT + 11]);
            o2 = FloatVector.broadcast(F, s[sc + MINS_AT + 13]);
            o3 = FloatVector.broadcast(F, s[sc + MINS_AT + 15]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 144 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
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
                FloatVector o0 = FloatVector.broadcast(F, s[j + MINS_AT + 0]);
                FloatVector o1 = FloatVector.broadcast(F, s[j + MINS_AT + 2]);
                FloatVector o2 = FloatVector.broadcast(F, s[j + MINS_AT + 4]);
                FloatVector o3 = FloatVector.broadcast(F, s[j + MINS_AT + 6]);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    int vp = 128 * h + l0 + p * L;
                    FloatVector w0 = ((FloatVector) q.lanewise(LSHR, 2 * 0).and(three).convertShape(I2F, F, 0)).fma(d0, o0);
                    FloatVector w1 = ((FloatVector) q.lanewise(LSHR, 2 * 1).and(three).convertShape(I2F, F, 0)).fma(d1, o1);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 2 * 2).and(three).convertShape(I2F, F, 0)).fma(d2, o2);
                    FloatVector w3 = ((FloatVector) q.lanewise(LSHR, 2 * 3).and(three).convertShape(I2F, F, 0)).fma(d3, o3);
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

    /** {@code -sum_k dmin_k * d8_k * sum_j m_j * bsums[j]} for activation row {@code r}. */
    @Override
    float blockSumTerm(float[] s, int at, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, at + MINS_AT, at + NEG_DMIN_AT, nb, a, r);
    }

    /** sum_k d_k * d8_k * sum of sc*q*a over the super-block; the block-sum term is added by the caller. */
    @Override
    float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector three = IntVector.broadcast(I, 3);
        FloatVector total = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
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
                int vp = v + 0 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 16.. (+32k), sub-blocks 1, 3, 5, 7
            d0 = FloatVector.broadcast(F, s[sc + 1]);
            d1 = FloatVector.broadcast(F, s[sc + 3]);
            d2 = FloatVector.broadcast(F, s[sc + 5]);
            d3 = FloatVector.broadcast(F, s[sc + 7]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 16 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 128.. (+32k), sub-blocks 8, 10, 12, 14
            d0 = FloatVector.broadcast(F, s[sc + 8]);
            d1 = FloatVector.broadcast(F, s[sc + 10]);
            d2 = FloatVector.broadcast(F, s[sc + 12]);
            d3 = FloatVector.broadcast(F, s[sc + 14]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 128 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 144.. (+32k), sub-blocks 9, 11, 13, 15
            d0 = FloatVector.broadcast(F, s[sc + 9]);
            d1 = FloatVector.broadcast(F, s[sc + 11]);
            d2 = FloatVector.broadcast(F, s[sc + 13]);
            d3 = FloatVector.broadcast(F, s[sc + 15]);
            for (int p = 0; p < HALF; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 144 + p * L;
                acc0 = ((FloatVector) q.and(three).convertShape(I2F, F, 0)).mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = ((FloatVector) q.lanewise(LSHR, 2).and(three).convertShape(I2F, F, 0)).mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = ((FloatVector) q.lanewise(LSHR, 4).and(three).convertShape(I2F, F, 0)).mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = ((FloatVector) q.lanewise(LSHR, 6).and(three).convertShape(I2F, F, 0)).mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
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
                    int vp = 128 * h + l0 + p * L;
                    FloatVector w0 = ((FloatVector) q.lanewise(LSHR, 2 * 0).and(three).convertShape(I2F, F, 0)).mul(d0);
                    FloatVector w1 = ((FloatVector) q.lanewise(LSHR, 2 * 1).and(three).convertShape(I2F, F, 0)).mul(d1);
                    FloatVector w2 = ((FloatVector) q.lanewise(LSHR, 2 * 2).and(three).convertShape(I2F, F, 0)).mul(d2);
                    FloatVector w3 = ((FloatVector) q.lanewise(LSHR, 2 * 3).and(three).convertShape(I2F, F, 0)).mul(d3);
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

    /** One int per 16-value sub-block: sum of the level (0..3) times the q8_K value. */
    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        float[] qf = a.qf;
        IntVector three = IntVector.broadcast(I, 3);
        for (int k = 0; k < nb; k++) {
            long blk = rowOffset + (long) BLOCK * k;
            int ab = aRow * nb + k;
            for (int j = 0; j < 16; j++) {
                out[16 * k + j] = 0;
            }
            for (int g = 0; g < 4; g++) {
                int h = g >>> 1;
                int l0 = 16 * (g & 1);
                int j = 16 * k + 8 * h + (g & 1);
                for (int p = 0; p < HALF; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QS + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    int vp = QK_K * ab + 128 * h + l0 + p * L;
                    for (int kk = 0; kk < 4; kk++) {
                        out[j + 2 * kk] += (int) ((FloatVector) q.lanewise(LSHR, 2 * kk).and(three).convertShape(I2F, F, 0)).mul(FloatVector.fromArray(F, qf, vp + 32 * kk)).reduceLanes(ADD);
                    }
                }
            }
        }
        return 16 * nb;
    }
}
