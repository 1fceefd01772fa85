package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.PanelGemm;
import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.format.ScaleMinBlocks;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;

import static dev.chord.kernels.vector.Lanes.LE;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * The batch path of {@code vector.fused}: an F32 product of a panel of dequantized weight rows with every
 * activation row, in register tiles of 4 weight rows x 4 activation rows (16 accumulators; per vector of
 * columns 8 loads and 16 FMAs, where decoding in the loop spends about as many instructions on decoding
 * as on multiplying). Columns go in blocks of {@value #KB} so a tile's activations and weights stay in L1;
 * each block's 16 sums are reduced and added to the outputs. A width template ({@link WidthSpecializer}).
 */
public final class F32PanelGemm implements PanelGemm {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final int L = F.length();
    /** Columns per block: 4 weight rows and 4 activation rows of F32 in 32 KB of L1. */
    static final int KB = 1024;

    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Byte> BL = Lanes.byteLoads(L);
    private static final int BLEN = BL.length();
    private static final int PARTS = BLEN / L;

    public F32PanelGemm() {
    }

    /**
     * Vector decoders for the formats of the common model mixes (q4_0, q8_0, q4_K, q6_K); the others use the
     * reference decoder (a decode is once per weight per call, a small share of a batch product).
     * Layouts: ggml-common.h {@code block_q4_0} (18 bytes: f16 d, 16 bytes of nibbles: value j low, j+16
     * high, level q-8), {@code block_q8_0} (34 bytes: f16 d, 32 int8), {@code block_q4_K} (144 bytes: f16 d,
     * f16 dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles: byte 32c+l holds value 64c+l low and
     * 64c+32+l high), {@code block_q6_K} (210 bytes: ql[128], qh[64], int8 scales[16], f16 d; value layout as
     * ggml-quants.c {@code dequantize_row_q6_K}).
     */
    @Override
    public boolean dequantizeRow(GgmlType type, MemorySegment w, long off, float[] dst, int dstOff, int cols) {
        switch (type) {
            case Q4_0 -> q4_0(w, off, dst, dstOff, cols / 32);
            case Q8_0 -> q8_0(w, off, dst, dstOff, cols / 32);
            case Q4_K -> q4_K(w, off, dst, dstOff, cols / Lanes.QK_K);
            case Q6_K -> q6_K(w, off, dst, dstOff, cols / Lanes.QK_K);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void q4_0(MemorySegment w, long off, float[] dst, int dstOff, int nb) {
        IntVector low = IntVector.broadcast(I, 0xF);
        FloatVector eight = FloatVector.broadcast(F, 8f);
        for (int k = 0; k < nb; k++) {
            long b = off + 18L * k;
            FloatVector d = FloatVector.broadcast(F, Float.float16ToFloat(w.get(Lanes.HALF, b)));
            int o = dstOff + 32 * k;
            for (int p = 0; p < 16 / L; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, b + 2 + p / PARTS * BLEN, LE)
                        .convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                ((FloatVector) q.and(low).convertShape(I2F, F, 0)).sub(eight).mul(d).intoArray(dst, o + p * L);
                ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).sub(eight).mul(d).intoArray(dst, o + 16 + p * L);
            }
        }
    }

    private static void q8_0(MemorySegment w, long off, float[] dst, int dstOff, int nb) {
        for (int k = 0; k < nb; k++) {
            long b = off + 34L * k;
            FloatVector d = FloatVector.broadcast(F, Float.float16ToFloat(w.get(Lanes.HALF, b)));
            int o = dstOff + 32 * k;
            for (int p = 0; p < 32 / L; p++) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, b + 2 + p / PARTS * BLEN, LE)
                        .convertShape(B2I, I, p % PARTS);
                ((FloatVector) q.convertShape(I2F, F, 0)).mul(d).intoArray(dst, o + p * L);
            }
        }
    }

    private static void q4_K(MemorySegment w, long off, float[] dst, int dstOff, int nb) {
        IntVector low = IntVector.broadcast(I, 0xF);
        for (int k = 0; k < nb; k++) {
            long b = off + 144L * k;
            float d = Float.float16ToFloat(w.get(Lanes.HALF, b));
            float dmin = Float.float16ToFloat(w.get(Lanes.HALF, b + 2));
            int o = dstOff + Lanes.QK_K * k;
            for (int c = 0; c < 4; c++) {
                int sm0 = ScaleMinBlocks.scaleMin(2 * c, w, b + 4);       // sub-block 2c: scale | min << 8
                int sm1 = ScaleMinBlocks.scaleMin(2 * c + 1, w, b + 4);
                FloatVector d0 = FloatVector.broadcast(F, d * (sm0 & 0xFF));
                FloatVector m0 = FloatVector.broadcast(F, -dmin * (sm0 >> 8));
                FloatVector d1 = FloatVector.broadcast(F, d * (sm1 & 0xFF));
                FloatVector m1 = FloatVector.broadcast(F, -dmin * (sm1 >> 8));
                for (int p = 0; p < 32 / L; p++) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(BL, w, b + 16 + 32 * c + p / PARTS * BLEN, LE)
                            .convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    ((FloatVector) q.and(low).convertShape(I2F, F, 0)).mul(d0).add(m0).intoArray(dst, o + 64 * c + p * L);
                    ((FloatVector) q.lanewise(LSHR, 4).convertShape(I2F, F, 0)).mul(d1).add(m1).intoArray(dst, o + 64 * c + 32 + p * L);
                }
            }
        }
    }

    private static void q6_K(MemorySegment w, long off, float[] dst, int dstOff, int nb) {
        IntVector low = IntVector.broadcast(I, 0xF);
        IntVector three = IntVector.broadcast(I, 3);
        FloatVector bias = FloatVector.broadcast(F, 32f);
        for (int k = 0; k < nb; k++) {
            long b = off + 210L * k;
            float d = Float.float16ToFloat(w.get(Lanes.HALF, b + 208));
            for (int h = 0; h < 2; h++) {
                long ql = b + 64 * h;
                long qh = b + 128 + 32 * h;
                long sc = b + 192 + 8 * h;
                int o = dstOff + Lanes.QK_K * k + 128 * h;
                for (int p = 0; p < 32 / L; p++) {
                    int l = p * L;
                    int is = l / 16;
                    IntVector a = (IntVector) ByteVector.fromMemorySegment(BL, w, ql + p / PARTS * BLEN, LE)
                            .convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector c = (IntVector) ByteVector.fromMemorySegment(BL, w, ql + 32 + p / PARTS * BLEN, LE)
                            .convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    IntVector e = (IntVector) ByteVector.fromMemorySegment(BL, w, qh + p / PARTS * BLEN, LE)
                            .convertShape(ZERO_EXTEND_B2I, I, p % PARTS);
                    FloatVector s0 = FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is));
                    FloatVector s2 = FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is + 2));
                    FloatVector s4 = FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is + 4));
                    FloatVector s6 = FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is + 6));
                    IntVector q1 = a.and(low).or(e.and(three).lanewise(LSHL, 4));
                    IntVector q2 = c.and(low).or(e.lanewise(LSHR, 2).and(three).lanewise(LSHL, 4));
                    IntVector q3 = a.lanewise(LSHR, 4).or(e.lanewise(LSHR, 4).and(three).lanewise(LSHL, 4));
                    IntVector q4 = c.lanewise(LSHR, 4).or(e.lanewise(LSHR, 6).lanewise(LSHL, 4));
                    ((FloatVector) q1.convertShape(I2F, F, 0)).sub(bias).mul(s0).intoArray(dst, o + l);
                    ((FloatVector) q2.convertShape(I2F, F, 0)).sub(bias).mul(s2).intoArray(dst, o + l + 32);
                    ((FloatVector) q3.convertShape(I2F, F, 0)).sub(bias).mul(s4).intoArray(dst, o + l + 64);
                    ((FloatVector) q4.convertShape(I2F, F, 0)).sub(bias).mul(s6).intoArray(dst, o + l + 96);
                }
            }
        }
    }

    @Override
    public void multiply(float[] w, int rows, int cols, float[] x, int xOff, int batch, float[] y, int yOff, int yStride) {
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                y[yOff + b * yStride + r] = 0f;
            }
        }
        for (int k0 = 0; k0 < cols; k0 += KB) {
            int k1 = Math.min(cols, k0 + KB);
            for (int b = 0; b < batch; b += 4) {
                int nb = Math.min(4, batch - b);
                for (int r = 0; r < rows; r += 4) {
                    tile(w, cols, r, Math.min(4, rows - r), x, xOff + b * cols, nb, k0, k1, y, yOff + b * yStride + r, yStride);
                }
            }
        }
    }

    /**
     * Adds {@code sum_{k0<=k<k1} w[r+i][k] * x[b][k]} to {@code y[yOff + b*yStride + i]}, i < nr, b < nb; rows
     * past nr or nb repeat the first (their sums are dropped), so one loop serves every tile size.
     */
    private static void tile(float[] w, int cols, int r, int nr, float[] x, int xOff, int nb, int k0, int k1,
                             float[] y, int yOff, int yStride) {
        int w0 = r * cols;
        int w1 = (r + (nr > 1 ? 1 : 0)) * cols;
        int w2 = (r + (nr > 2 ? 2 : 0)) * cols;
        int w3 = (r + (nr > 3 ? 3 : 0)) * cols;
        int x0 = xOff;
        int x1 = xOff + (nb > 1 ? cols : 0);
        int x2 = xOff + (nb > 2 ? 2 * cols : 0);
        int x3 = xOff + (nb > 3 ? 3 * cols : 0);
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        int kv = k0 + (k1 - k0) / L * L;
        for (int k = k0; k < kv; k += L) {
            FloatVector v0 = FloatVector.fromArray(F, w, w0 + k);
            FloatVector v1 = FloatVector.fromArray(F, w, w1 + k);
            FloatVector v2 = FloatVector.fromArray(F, w, w2 + k);
            FloatVector v3 = FloatVector.fromArray(F, w, w3 + k);
            FloatVector u = FloatVector.fromArray(F, x, x0 + k);
            a00 = v0.fma(u, a00);
            a10 = v1.fma(u, a10);
            a20 = v2.fma(u, a20);
            a30 = v3.fma(u, a30);
            u = FloatVector.fromArray(F, x, x1 + k);
            a01 = v0.fma(u, a01);
            a11 = v1.fma(u, a11);
            a21 = v2.fma(u, a21);
            a31 = v3.fma(u, a31);
            u = FloatVector.fromArray(F, x, x2 + k);
            a02 = v0.fma(u, a02);
            a12 = v1.fma(u, a12);
            a22 = v2.fma(u, a22);
            a32 = v3.fma(u, a32);
            u = FloatVector.fromArray(F, x, x3 + k);
            a03 = v0.fma(u, a03);
            a13 = v1.fma(u, a13);
            a23 = v2.fma(u, a23);
            a33 = v3.fma(u, a33);
        }
        add(y, yOff, yStride, nr, nb, 0, 0, a00.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 1, 0, a10.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 2, 0, a20.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 3, 0, a30.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 0, 1, a01.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 1, 1, a11.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 2, 1, a21.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 3, 1, a31.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 0, 2, a02.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 1, 2, a12.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 2, 2, a22.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 3, 2, a32.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 0, 3, a03.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 1, 3, a13.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 2, 3, a23.reduceLanes(ADD));
        add(y, yOff, yStride, nr, nb, 3, 3, a33.reduceLanes(ADD));
        // columns past the last whole vector (only float weight formats have row lengths that leave any)
        for (int b = 0; kv < k1 && b < nb; b++) {
            for (int i = 0; i < nr; i++) {
                float t = 0f;
                for (int k = kv; k < k1; k++) {
                    t = Math.fma(w[(r + i) * cols + k], x[xOff + b * cols + k], t);
                }
                y[yOff + b * yStride + i] += t;
            }
        }
    }

    private static void add(float[] y, int yOff, int yStride, int nr, int nb, int i, int b, float v) {
        if (i < nr && b < nb) {
            y[yOff + b * yStride + i] += v;
        }
    }
}
