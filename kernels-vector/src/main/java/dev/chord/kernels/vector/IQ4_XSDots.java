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
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * iq4_xs row dots: F32 activations ({@code vector.fused}) and q8_K activations ({@code vector.int8}). A width
 * template: one copy per vector width ({@link WidthSpecializer}).
 *
 * <p>Layout (ggml-common.h {@code block_iq4_xs}, 136 bytes): fp16 {@code d} at 0, {@code uint16 scales_h} at
 * 2, {@code scales_l[4]} at 4, {@code qs[128]} at 8. Sub-block ib (32 values) has the 6-bit scale
 * {@code ls = (nibble ib%2 of scales_l[ib/2]) | (bits 2ib of scales_h) << 4} and values {@code
 * d*(ls-32)*kvalues_iq4nl[q]}, q the low nibble of {@code qs[16ib + j]} for value j and its high nibble for
 * value j+16 ({@code dequantize_row_iq4_xs}, ggml-quants.c).
 *
 * <p>The codebook lookup is one byte shuffle of 16 nibbles at a time ({@code selectFrom} on 16 byte lanes,
 * valid at every width); the looked-up levels are widened to int lanes and converted to floats. Scales are
 * decoded per row before the loops, which call nothing; the sub-block loop is one C2 does not treat as
 * counted (see {@link Q4_KDots}).
 */
public final class IQ4_XSDots extends SuperBlockDots {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int L = F.length();
    /** Float vectors per 16 values. */
    private static final int PARTS = 16 / L;
    /** Vectors holding the 8 sub-block scales (lanes past 8 are ignored). */
    private static final int SCALE_PARTS = Math.max(1, 8 / L);

    private static final int BLOCK = 136;
    private static final int D = 0;
    private static final int QS = 8;

    /** ggml-common.h {@code kvalues_iq4nl}. */
    private static final byte[] KVALUES = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    /** Scale ib: ((A >>> shiftA) & 15) | (((B >>> shiftB) & 3) << 4), bytes A (scales_l) and B (scales_h) of the block. */
    private static final VectorShuffle<Byte> LOW_BYTES = VectorShuffle.fromValues(B16, 4, 4, 5, 5, 6, 6, 7, 7, 4, 4, 4, 4, 4, 4, 4, 4);
    private static final VectorShuffle<Byte> TOP_BYTES = VectorShuffle.fromValues(B16, 2, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2);
    private static final int[] LOW_SHIFT = {0, 4, 0, 4, 0, 4, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final int[] TOP_SHIFT = {0, 2, 4, 6, 0, 2, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0};

    /** Scratch per super-block: the 8 sub-block scales ls - 32 (times d for the fused dot), padded to 16; [16] d. */
    private static final int STRIDE = 24;
    private static final int D_AT = 16;

    public IQ4_XSDots() {
        super(STRIDE);
    }

    @Override
    void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8) {
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            float d = Float.float16ToFloat(w.get(Lanes.HALF, blk + D));
            ByteVector bytes = ByteVector.fromMemorySegment(B16, w, blk, LE);
            ByteVector lowBytes = bytes.rearrange(LOW_BYTES);
            ByteVector topBytes = bytes.rearrange(TOP_BYTES);
            for (int p = 0; p < SCALE_PARTS; p++) {
                IntVector low = ((IntVector) lowBytes.convertShape(ZERO_EXTEND_B2I, I, p))
                        .lanewise(LSHR, IntVector.fromArray(I, LOW_SHIFT, p * L)).and(0xF);
                IntVector top = ((IntVector) topBytes.convertShape(ZERO_EXTEND_B2I, I, p))
                        .lanewise(LSHR, IntVector.fromArray(I, TOP_SHIFT, p * L)).and(3).lanewise(LSHL, 4);
                FloatVector ls = (FloatVector) low.or(top).sub(32).convertShape(I2F, F, 0);
                (int8 ? ls : ls.mul(d)).intoArray(s, STRIDE * k + p * L);
            }
            s[STRIDE * k + D_AT] = d;
        }
    }

    /** The codebook levels of 16 nibble indexes (byte lanes, 0..15). */
    private static ByteVector lookup(ByteVector nibbles, ByteVector table) {
        return nibbles.selectFrom(table);
    }

    /** Part {@code p} of 16 looked-up byte levels, as floats. */
    private static FloatVector levels(ByteVector looked, int p) {
        return (FloatVector) looked.convertShape(B2I, I, p).convertShape(I2F, F, 0);
    }

    private static FloatVector bcast(float[] s, int at) {
        return FloatVector.broadcast(F, s[at]);
    }

    // ---------------------------------------------------------------- F32 activations

    @Override
    float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff) {
        ByteVector table = ByteVector.fromArray(B16, KVALUES, 0);
        ByteVector nibble = ByteVector.broadcast(B16, (byte) 0xF);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            // not a counted loop for C2 (no loop setup per super-block); eight sub-blocks
            for (int ib = 0, left = 0xFF; left != 0; ib++, left >>>= 1) {
                ByteVector q = ByteVector.fromMemorySegment(B16, w, blk + QS + 16 * ib, LE);
                ByteVector lo = lookup(q.and(nibble), table);
                ByteVector hi = lookup(q.lanewise(LSHR, 4), table);
                FloatVector dl = bcast(s, STRIDE * k + ib);
                int v = xOff + QK_K * k + 32 * ib;
                for (int p = 0; p < PARTS; p++) {
                    acc0 = levels(lo, p).mul(dl).fma(FloatVector.fromArray(F, x, v + p * L), acc0);
                    acc1 = levels(hi, p).mul(dl).fma(FloatVector.fromArray(F, x, v + 16 + p * L), acc1);
                }
            }
        }
        return acc0.add(acc1).reduceLanes(ADD);
    }

    /** Two to four activation rows; rows past {@code n} repeat the last one and are not stored. */
    @Override
    void fused4(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff, int xStride, int n,
                               float[] y, int yOff, int yStride) {
        int x0 = xOff;
        int x1 = xOff + xStride * Math.min(1, n - 1);
        int x2 = xOff + xStride * Math.min(2, n - 1);
        int x3 = xOff + xStride * Math.min(3, n - 1);
        ByteVector table = ByteVector.fromArray(B16, KVALUES, 0);
        ByteVector nibble = ByteVector.broadcast(B16, (byte) 0xF);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            // not a counted loop for C2 (no loop setup per super-block); eight sub-blocks
            for (int ib = 0, left = 0xFF; left != 0; ib++, left >>>= 1) {
                ByteVector q = ByteVector.fromMemorySegment(B16, w, blk + QS + 16 * ib, LE);
                ByteVector lo = lookup(q.and(nibble), table);
                ByteVector hi = lookup(q.lanewise(LSHR, 4), table);
                FloatVector dl = bcast(s, STRIDE * k + ib);
                for (int p = 0; p < PARTS; p++) {
                    FloatVector w0 = levels(lo, p).mul(dl);
                    FloatVector w1 = levels(hi, p).mul(dl);
                    int v = QK_K * k + 32 * ib + p * L;
                    acc0 = w1.fma(FloatVector.fromArray(F, x, x0 + v + 16), w0.fma(FloatVector.fromArray(F, x, x0 + v), acc0));
                    acc1 = w1.fma(FloatVector.fromArray(F, x, x1 + v + 16), w0.fma(FloatVector.fromArray(F, x, x1 + v), acc1));
                    acc2 = w1.fma(FloatVector.fromArray(F, x, x2 + v + 16), w0.fma(FloatVector.fromArray(F, x, x2 + v), acc2));
                    acc3 = w1.fma(FloatVector.fromArray(F, x, x3 + v + 16), w0.fma(FloatVector.fromArray(F, x, x3 + v), acc3));
                }
            }
        }
        store(y, yOff, yStride, n, acc0.reduceLanes(ADD), acc1.reduceLanes(ADD), acc2.reduceLanes(ADD), acc3.reduceLanes(ADD));
    }

    // ---------------------------------------------------------------- q8_K activations

    /** iq4_xs levels are signed codebook values with no offset: nothing comes from the block sums. */
    @Override
    float blockSumTerm(float[] s, int at, int nb, QuantizedActivations a, int r) {
        return 0f;
    }

    /** sum_k d_k * d8_k * sum_ib (ls_ib - 32) * sum of kvalue*a over sub-block ib. */
    @Override
    float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        ByteVector table = ByteVector.fromArray(B16, KVALUES, 0);
        ByteVector nibble = ByteVector.broadcast(B16, (byte) 0xF);
        FloatVector total = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) BLOCK * k;
            int ab = aRow * nb + k;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            // not a counted loop for C2 (no loop setup per super-block); eight sub-blocks
            for (int ib = 0, left = 0xFF; left != 0; ib++, left >>>= 1) {
                ByteVector q = ByteVector.fromMemorySegment(B16, w, blk + QS + 16 * ib, LE);
                ByteVector lo = lookup(q.and(nibble), table);
                ByteVector hi = lookup(q.lanewise(LSHR, 4), table);
                FloatVector ls = bcast(s, STRIDE * k + ib);
                int v = QK_K * ab + 32 * ib;
                for (int p = 0; p < PARTS; p++) {
                    acc0 = levels(lo, p).mul(ls).fma(FloatVector.fromArray(F, qf, v + p * L), acc0);
                    acc1 = levels(hi, p).mul(ls).fma(FloatVector.fromArray(F, qf, v + 16 + p * L), acc1);
                }
            }
            float dd = s[STRIDE * k + D_AT] * a.d[ab];
            total = acc0.add(acc1).fma(FloatVector.broadcast(F, dd), total);
        }
        return total.reduceLanes(ADD);
    }

    @Override
    void int8x4(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow, int n,
                               float[] y, int yOff, int yStride) {
        float[] qf = a.qf;
        int r1 = aRow + Math.min(1, n - 1);
        int r2 = aRow + Math.min(2, n - 1);
        int r3 = aRow + Math.min(3, n - 1);
        ByteVector table = ByteVector.fromArray(B16, KVALUES, 0);
        ByteVector nibble = ByteVector.broadcast(B16, (byte) 0xF);
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
            // not a counted loop for C2 (no loop setup per super-block); eight sub-blocks
            for (int ib = 0, left = 0xFF; left != 0; ib++, left >>>= 1) {
                ByteVector q = ByteVector.fromMemorySegment(B16, w, blk + QS + 16 * ib, LE);
                ByteVector lo = lookup(q.and(nibble), table);
                ByteVector hi = lookup(q.lanewise(LSHR, 4), table);
                FloatVector ls = bcast(s, STRIDE * k + ib);
                for (int p = 0; p < PARTS; p++) {
                    FloatVector w0 = levels(lo, p).mul(ls);
                    FloatVector w1 = levels(hi, p).mul(ls);
                    int v = 32 * ib + p * L;
                    acc0 = w1.fma(FloatVector.fromArray(F, qf, QK_K * b0 + v + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b0 + v), acc0));
                    acc1 = w1.fma(FloatVector.fromArray(F, qf, QK_K * b1 + v + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b1 + v), acc1));
                    acc2 = w1.fma(FloatVector.fromArray(F, qf, QK_K * b2 + v + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b2 + v), acc2));
                    acc3 = w1.fma(FloatVector.fromArray(F, qf, QK_K * b3 + v + 16), w0.fma(FloatVector.fromArray(F, qf, QK_K * b3 + v), acc3));
                }
            }
            float d = s[STRIDE * k + D_AT];
            t0 = acc0.fma(FloatVector.broadcast(F, d * a.d[b0]), t0);
            t1 = acc1.fma(FloatVector.broadcast(F, d * a.d[b1]), t1);
            t2 = acc2.fma(FloatVector.broadcast(F, d * a.d[b2]), t2);
            t3 = acc3.fma(FloatVector.broadcast(F, d * a.d[b3]), t3);
        }
        store(y, yOff, yStride, n, t0.reduceLanes(ADD), t1.reduceLanes(ADD), t2.reduceLanes(ADD), t3.reduceLanes(ADD));
    }

    /** One int per 32-value sub-block: sum of kvalues_iq4nl[q] times the q8_K value. */
    @Override
    public int integerPartials(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out) {
        int nb = cols / QK_K;
        float[] qf = a.qf;
        ByteVector table = ByteVector.fromArray(B16, KVALUES, 0);
        ByteVector nibble = ByteVector.broadcast(B16, (byte) 0xF);
        for (int k = 0; k < nb; k++) {
            long blk = rowOffset + (long) BLOCK * k;
            int v0 = QK_K * (aRow * nb + k);
            for (int ib = 0; ib < 8; ib++) {
                ByteVector q = ByteVector.fromMemorySegment(B16, w, blk + QS + 16 * ib, LE);
                ByteVector lo = lookup(q.and(nibble), table);
                ByteVector hi = lookup(q.lanewise(LSHR, 4), table);
                FloatVector sum = FloatVector.zero(F);
                for (int p = 0; p < PARTS; p++) {
                    sum = levels(lo, p).fma(FloatVector.fromArray(F, qf, v0 + 32 * ib + p * L), sum);
                    sum = levels(hi, p).fma(FloatVector.fromArray(F, qf, v0 + 32 * ib + 16 + p * L), sum);
                }
                out[8 * k + ib] = (int) sum.reduceLanes(ADD);
            }
        }
        return 8 * nb;
    }
}
