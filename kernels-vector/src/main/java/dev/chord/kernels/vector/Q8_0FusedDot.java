package dev.chord.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.B2F;

/**
 * {@code vector.fused} for {@code q8_0} (block_q8_0 {ggml_half d; int8_t qs[32]}) with F32 activations. The
 * levels need no offset, so each tile row sums {@code q * x} over the block first and applies the scale with
 * one multiply-add per block: three floating-point operations per row and block at 512 bits, where decoding
 * weights first takes four (measured about 20% faster on a 4096x4096 matvec). A width template
 * ({@link WidthSpecializer}).
 */
public final class Q8_0FusedDot extends FusedTileDot {
    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    /** Bytes that widen to one float vector; at 128 bits the 64-bit species, loaded with its first 4 lanes only. */
    private static final VectorSpecies<Byte> B = Lanes.byteLoads(F.length());
    private static final boolean MASKED = B.length() > F.length();
    private static final VectorMask<Byte> FIRST = VectorMask.fromLong(B, (1L << F.length()) - 1);
    private static final int L = F.length();
    private static final int BLOCK_BYTES = 34;
    private static final int QS = 2;

    /** A width template ({@link WidthSpecializer}), which needs this constructor. */
    public Q8_0FusedDot() {
    }

    @Override
    void tile(MemorySegment w, long row, int cols, float[] x, int xOff, int xStride, int rows, float[] y, int yOff, int yStride) {
        int x0 = rowStart(xOff, xStride, rows, 0);
        int x1 = rowStart(xOff, xStride, rows, 1);
        int x2 = rowStart(xOff, xStride, rows, 2);
        int x3 = rowStart(xOff, xStride, rows, 3);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int blocks = cols / Block32.VALUES;
        for (int k = 0; k < blocks; k++) {
            long at = row + (long) k * BLOCK_BYTES;
            int c = k * Block32.VALUES;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int j = 0; j < Block32.VALUES; j += L) {
                long q = at + QS + j;
                FloatVector wv = (FloatVector) (MASKED ? ByteVector.fromMemorySegment(B, w, q, Lanes.LE, FIRST)
                        : ByteVector.fromMemorySegment(B, w, q, Lanes.LE)).convertShape(B2F, F, 0);
                s0 = wv.fma(FloatVector.fromArray(F, x, x0 + c + j), s0);
                if (rows > 1) {
                    s1 = wv.fma(FloatVector.fromArray(F, x, x1 + c + j), s1);
                }
                if (rows > 2) {
                    s2 = wv.fma(FloatVector.fromArray(F, x, x2 + c + j), s2);
                }
                if (rows > 3) {
                    s3 = wv.fma(FloatVector.fromArray(F, x, x3 + c + j), s3);
                }
            }
            FloatVector d = FloatVector.broadcast(F, Fp16Table.half(w, at));
            a0 = s0.fma(d, a0);
            if (rows > 1) {
                a1 = s1.fma(d, a1);
            }
            if (rows > 2) {
                a2 = s2.fma(d, a2);
            }
            if (rows > 3) {
                a3 = s3.fma(d, a3);
            }
        }
        store(y, yOff, yStride, rows, a0.reduceLanes(ADD), a1.reduceLanes(ADD), a2.reduceLanes(ADD), a3.reduceLanes(ADD));
    }
}
