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
 * <p>One pass over l decodes the four values that share a qh byte. Code shape as in {@link Q4_KDots}: scales
 * and {@code d} decoded at the top of each super-block in the single-row loops (per row before the loops for
 * tiles; the separate pass cost 10-15% of a 4096x4096 matrix-vector product waiting for memory),
 * straight-line super-blocks for one activation row, a loop
 * C2 does not treat as counted for tiles. The fused dot decodes
 * {@code d*sc*(q-32)} with one FMA; the int8 dot multiplies {@code q*sc} (small integers) into q8_K's values
 * and takes the {@code -32} from q8_K's block sums, as ggml's x86 kernel does
 * ({@code ggml_vec_dot_q6_K_q8_K}).
 */
public final class Q6_KDots extends SuperBlockDots {

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

    private static final int BLOCK = 210;
    private static final int QL = 0;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    /**
     * Scratch floats per super-block: [0,16) the scales (times d for the fused dot); [16,32) fused dot:
     * {@code -32*d*sc}; [32] int8 dot: {@code -32*d}, the block-sum factor; [33] int8 dot: {@code d}.
     */
    private static final int STRIDE = 40;
    private static final int OFFSETS_AT = 16;
    private static final int NEG32D_AT = 32;
    private static final int D_AT = 33;

    private static final Q8KBlockSums BLOCK_SUMS = WidthSpecializer.instance(Q8KBlockSumsDot.class, V, Q8KBlockSums.class);

    public Q6_KDots() {
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
        ByteVector scales = ByteVector.fromMemorySegment(B16, w, blk + SCALES, LE);
        for (int p = 0; p < HALF; p++) {
            FloatVector sc = (FloatVector) scales.convertShape(B2I, I, p).convertShape(I2F, F, 0);
            if (int8) {
                sc.intoArray(s, at + p * L);
            } else {
                sc.mul(d).intoArray(s, at + p * L);
                sc.mul(-32f * d).intoArray(s, at + OFFSETS_AT + p * L);
            }
        }
        s[at + NEG32D_AT] = -32f * d;
        s[at + D_AT] = d;
    }

    // ---------------------------------------------------------------- F32 activations

    @Override
    float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff) {
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
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
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 0 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = q1.fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = q2.fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = q3.fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
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
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 16 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = q1.fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = q2.fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = q3.fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
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
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 96 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 128 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = q1.fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = q2.fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = q3.fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
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
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 80 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 112 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 144 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.fma(d0, o0).fma(FloatVector.fromArray(F, x, vp), acc0);
                acc1 = q1.fma(d1, o1).fma(FloatVector.fromArray(F, x, vp + 32), acc1);
                acc2 = q2.fma(d2, o2).fma(FloatVector.fromArray(F, x, vp + 64), acc2);
                acc3 = q3.fma(d3, o3).fma(FloatVector.fromArray(F, x, vp + 96), acc3);
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
        IntVector top = IntVector.broadcast(I, 0x30);
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
                FloatVector d0 = FloatVector.broadcast(F, s[j]);
                FloatVector d1 = FloatVector.broadcast(F, s[j + 2]);
                FloatVector d2 = FloatVector.broadcast(F, s[j + 4]);
                FloatVector d3 = FloatVector.broadcast(F, s[j + 6]);
                FloatVector o0 = FloatVector.broadcast(F, s[j + OFFSETS_AT]);
                FloatVector o1 = FloatVector.broadcast(F, s[j + OFFSETS_AT + 2]);
                FloatVector o2 = FloatVector.broadcast(F, s[j + OFFSETS_AT + 4]);
                FloatVector o3 = FloatVector.broadcast(F, s[j + OFFSETS_AT + 6]);
                for (int p = 0; p < HALF; p++) {
                    IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    int vp = 128 * h + l0 + p * L;
                    FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                    FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                    FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                    FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                    FloatVector w0 = q0.fma(d0, o0);
                    FloatVector w1 = q1.fma(d1, o1);
                    FloatVector w2 = q2.fma(d2, o2);
                    FloatVector w3 = q3.fma(d3, o3);
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

    /** {@code -32 * sum_k d_k * d8_k * sum_j sc_j * bsums[j]}: the {@code -32} of every level, for activation row {@code r}. */
    @Override
    float blockSumTerm(float[] s, int at, int nb, QuantizedActivations a, int r) {
        return BLOCK_SUMS.sum(s, STRIDE, at + 0, at + NEG32D_AT, nb, a, r);
    }

    /**
     * sum_k d_k * d8_k * sum of sc*q*a over the super-block (q = 0..63, without the -32): per block a float
     * sum of small-integer products, exact below 2^24 per lane.
     */
    @Override
    float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow) {
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
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
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 0 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = q1.mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = q2.mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = q3.mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 16.. (+32k), sub-blocks 1, 3, 5, 7
            d0 = FloatVector.broadcast(F, s[sc + 1]);
            d1 = FloatVector.broadcast(F, s[sc + 3]);
            d2 = FloatVector.broadcast(F, s[sc + 5]);
            d3 = FloatVector.broadcast(F, s[sc + 7]);
            for (int p = 0; p < HALF; p++) {
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 16 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 16 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = q1.mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = q2.mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = q3.mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 128.. (+32k), sub-blocks 8, 10, 12, 14
            d0 = FloatVector.broadcast(F, s[sc + 8]);
            d1 = FloatVector.broadcast(F, s[sc + 10]);
            d2 = FloatVector.broadcast(F, s[sc + 12]);
            d3 = FloatVector.broadcast(F, s[sc + 14]);
            for (int p = 0; p < HALF; p++) {
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 96 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 128 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = q1.mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = q2.mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = q3.mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            // values 144.. (+32k), sub-blocks 9, 11, 13, 15
            d0 = FloatVector.broadcast(F, s[sc + 9]);
            d1 = FloatVector.broadcast(F, s[sc + 11]);
            d2 = FloatVector.broadcast(F, s[sc + 13]);
            d3 = FloatVector.broadcast(F, s[sc + 15]);
            for (int p = 0; p < HALF; p++) {
                IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 80 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 112 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 48 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                int vp = v + 144 + p * L;
                FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                acc0 = q0.mul(d0).fma(FloatVector.fromArray(F, qf, vp), acc0);
                acc1 = q1.mul(d1).fma(FloatVector.fromArray(F, qf, vp + 32), acc1);
                acc2 = q2.mul(d2).fma(FloatVector.fromArray(F, qf, vp + 64), acc2);
                acc3 = q3.mul(d3).fma(FloatVector.fromArray(F, qf, vp + 96), acc3);
            }
            total = acc0.add(acc1).add(acc2.add(acc3)).fma(FloatVector.broadcast(F, s[sc + D_AT] * a.d[ab]), total);
        }
        return total.reduceLanes(ADD);
    }

    /** Four rows: against two, 0.88-0.90x the time at 4096x4096 and 0.84-0.85x at 65536x4096 (in-process A/B). */
    @Override
    public int rowsPerPass() {
        return 4;
    }

    /**
     * {@link #int8x1} for four weight rows in one pass, sharing the activation loads; one accumulator per row
     * (the four rows are the independent chains), to stay within the vector registers.
     */
    @Override
    void int8Rows(MemorySegment w, long row, long rowStep, int nb, float[] s, int rowScratch, QuantizedActivations a,
                  int aRow, float[] y, int yOff, int yStep) {
        float[] qf = a.qf;
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector top = IntVector.broadcast(I, 0x30);
        FloatVector total0 = FloatVector.zero(F);
        FloatVector total1 = FloatVector.zero(F);
        FloatVector total2 = FloatVector.zero(F);
        FloatVector total3 = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            long blk0 = row + 0L * rowStep + (long) BLOCK * k;
            long blk1 = row + 1L * rowStep + (long) BLOCK * k;
            long blk2 = row + 2L * rowStep + (long) BLOCK * k;
            long blk3 = row + 3L * rowStep + (long) BLOCK * k;
            decode(w, blk0, s, 0 * rowScratch + STRIDE * k, true);
            decode(w, blk1, s, 1 * rowScratch + STRIDE * k, true);
            decode(w, blk2, s, 2 * rowScratch + STRIDE * k, true);
            decode(w, blk3, s, 3 * rowScratch + STRIDE * k, true);
            int ab = aRow * nb + k;
            int v = QK_K * ab;
            int sc = STRIDE * k;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            // quarter c: values (c&1)*16 + (c>>1)*128 (+32k), sub-blocks (c&1) + (c>>1)*8 + 2k
            for (int c = 0, left = 0b1111; left != 0; c++, left >>>= 1) {
                int ql = (c & 1) * 16 + (c >> 1) * 64;
                int qh = 16 * c;
                int j = sc + (c & 1) + (c >> 1) * 8;
                for (int p = 0; p < HALF; p++) {
                    int vp = v + (c & 1) * 16 + (c >> 1) * 128 + p * L;
                    FloatVector x0 = FloatVector.fromArray(F, qf, vp);
                    FloatVector x1 = FloatVector.fromArray(F, qf, vp + 32);
                    FloatVector x2 = FloatVector.fromArray(F, qf, vp + 64);
                    FloatVector x3 = FloatVector.fromArray(F, qf, vp + 96);
                    IntVector a0 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk0 + QL + ql + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector b0 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk0 + QL + ql + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector h0 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk0 + QH + qh + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    acc0 = ((FloatVector) a0.and(low).or(h0.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0)).mul(s[j]).fma(x0, acc0);
                    acc0 = ((FloatVector) b0.and(low).or(h0.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0)).mul(s[j + 2]).fma(x1, acc0);
                    acc0 = ((FloatVector) a0.lanewise(LSHR, 4).or(h0.and(top)).convertShape(I2F, F, 0)).mul(s[j + 4]).fma(x2, acc0);
                    acc0 = ((FloatVector) b0.lanewise(LSHR, 4).or(h0.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0)).mul(s[j + 6]).fma(x3, acc0);
                    IntVector a1 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk1 + QL + ql + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector b1 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk1 + QL + ql + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector h1 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk1 + QH + qh + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    acc1 = ((FloatVector) a1.and(low).or(h1.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0)).mul(s[1 * rowScratch + j]).fma(x0, acc1);
                    acc1 = ((FloatVector) b1.and(low).or(h1.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0)).mul(s[1 * rowScratch + j + 2]).fma(x1, acc1);
                    acc1 = ((FloatVector) a1.lanewise(LSHR, 4).or(h1.and(top)).convertShape(I2F, F, 0)).mul(s[1 * rowScratch + j + 4]).fma(x2, acc1);
                    acc1 = ((FloatVector) b1.lanewise(LSHR, 4).or(h1.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0)).mul(s[1 * rowScratch + j + 6]).fma(x3, acc1);
                    IntVector a2 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk2 + QL + ql + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector b2 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk2 + QL + ql + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector h2 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk2 + QH + qh + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    acc2 = ((FloatVector) a2.and(low).or(h2.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0)).mul(s[2 * rowScratch + j]).fma(x0, acc2);
                    acc2 = ((FloatVector) b2.and(low).or(h2.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0)).mul(s[2 * rowScratch + j + 2]).fma(x1, acc2);
                    acc2 = ((FloatVector) a2.lanewise(LSHR, 4).or(h2.and(top)).convertShape(I2F, F, 0)).mul(s[2 * rowScratch + j + 4]).fma(x2, acc2);
                    acc2 = ((FloatVector) b2.lanewise(LSHR, 4).or(h2.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0)).mul(s[2 * rowScratch + j + 6]).fma(x3, acc2);
                    IntVector a3 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk3 + QL + ql + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector b3 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk3 + QL + ql + 32 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector h3 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk3 + QH + qh + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    acc3 = ((FloatVector) a3.and(low).or(h3.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0)).mul(s[3 * rowScratch + j]).fma(x0, acc3);
                    acc3 = ((FloatVector) b3.and(low).or(h3.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0)).mul(s[3 * rowScratch + j + 2]).fma(x1, acc3);
                    acc3 = ((FloatVector) a3.lanewise(LSHR, 4).or(h3.and(top)).convertShape(I2F, F, 0)).mul(s[3 * rowScratch + j + 4]).fma(x2, acc3);
                    acc3 = ((FloatVector) b3.lanewise(LSHR, 4).or(h3.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0)).mul(s[3 * rowScratch + j + 6]).fma(x3, acc3);
                }
            }
            total0 = acc0.fma(FloatVector.broadcast(F, s[sc + D_AT] * a.d[ab]), total0);
            total1 = acc1.fma(FloatVector.broadcast(F, s[1 * rowScratch + sc + D_AT] * a.d[ab]), total1);
            total2 = acc2.fma(FloatVector.broadcast(F, s[2 * rowScratch + sc + D_AT] * a.d[ab]), total2);
            total3 = acc3.fma(FloatVector.broadcast(F, s[3 * rowScratch + sc + D_AT] * a.d[ab]), total3);
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
        IntVector top = IntVector.broadcast(I, 0x30);
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
                FloatVector d0 = FloatVector.broadcast(F, s[j]);
                FloatVector d1 = FloatVector.broadcast(F, s[j + 2]);
                FloatVector d2 = FloatVector.broadcast(F, s[j + 4]);
                FloatVector d3 = FloatVector.broadcast(F, s[j + 6]);
                for (int p = 0; p < HALF; p++) {
                    IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    int vp = 128 * h + l0 + p * L;
                    FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                    FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                    FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                    FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                    FloatVector w0 = q0.mul(d0);
                    FloatVector w1 = q1.mul(d1);
                    FloatVector w2 = q2.mul(d2);
                    FloatVector w3 = q3.mul(d3);
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
            for (int g = 0; g < 4; g++) {
                int h = g >>> 1;
                int l0 = 16 * (g & 1);
                int j = 16 * k + 8 * h + (g & 1);
                for (int p = 0; p < HALF; p++) {
                    IntVector a8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector b8 = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QL + 64 * h + 32 + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector hb = (IntVector) ByteVector.fromMemorySegment(BL, w, blk + QH + 32 * h + l0 + p / PARTS * BLEN, LE).convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    int vp = QK_K * ab + 128 * h + l0 + p * L;
                    FloatVector q0 = (FloatVector) a8.and(low).or(hb.lanewise(LSHL, 4).and(top)).convertShape(I2F, F, 0);
                    FloatVector q1 = (FloatVector) b8.and(low).or(hb.lanewise(LSHL, 2).and(top)).convertShape(I2F, F, 0);
                    FloatVector q2 = (FloatVector) a8.lanewise(LSHR, 4).or(hb.and(top)).convertShape(I2F, F, 0);
                    FloatVector q3 = (FloatVector) b8.lanewise(LSHR, 4).or(hb.lanewise(LSHR, 2).and(top)).convertShape(I2F, F, 0);
                    out[j] += (int) q0.mul(FloatVector.fromArray(F, qf, vp)).reduceLanes(ADD);
                    out[j + 2] += (int) q1.mul(FloatVector.fromArray(F, qf, vp + 32)).reduceLanes(ADD);
                    out[j + 4] += (int) q2.mul(FloatVector.fromArray(F, qf, vp + 64)).reduceLanes(ADD);
                    out[j + 6] += (int) q3.mul(FloatVector.fromArray(F, qf, vp + 96)).reduceLanes(ADD);
                }
            }
        }
        return 16 * nb;
    }
}
