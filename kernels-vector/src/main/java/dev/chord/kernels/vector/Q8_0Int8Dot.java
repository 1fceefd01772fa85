package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2S;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

/**
 * {@code vector.int8} for {@code q8_0} weights and q8_0 activations (block_q8_0 {ggml_half d; int8_t qs[32]}).
 * Both operands are int8 in value order, so unlike the 4-bit formats ({@link Block32Int8Dot}) a block fills
 * full-width vectors: at 512 bits one 32-lane short product per block. The integer sum of a block is scaled
 * once by {@code d_w * d_a}. A width template ({@link WidthSpecializer}).
 *
 * <p>Exactness: weights may be -128, activations lie in [-127, 127] (ggml's quantizer scales the largest
 * magnitude to 127), so a 16-bit product is at most 16256 in magnitude and the sum of two adjacent ones,
 * {@code (p + (p << 16)) >> 16} on their 32-bit lane, at most 32512: neither overflows.
 */
public final class Q8_0Int8Dot extends Int8TileDot {
    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Short> S = V.shorts();
    /** Bytes that widen to one short vector. */
    private static final VectorSpecies<Byte> B = Lanes.byteLoads(S.length());
    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Float> F = V.floats();
    private static final int L = S.length();
    private static final int BLOCK_BYTES = 34;
    private static final int QS = 2;

    /** A width template ({@link WidthSpecializer}), which needs this constructor. */
    public Q8_0Int8Dot() {
    }

    @Override
    int partialCount(int cols) {
        return cols / Block32.VALUES;
    }

    @Override
    void tile(MemorySegment w, long row, int cols, QuantizedActivations a, int aRow, int rows, float[] y, int yOff,
              int yStride, int[] partials) {
        int blocks = cols / Block32.VALUES;
        byte[] qs = a.qs;
        float[] da = a.d;
        int r0 = tileRow(aRow, rows, 0);
        int r1 = tileRow(aRow, rows, 1);
        int r2 = tileRow(aRow, rows, 2);
        int r3 = tileRow(aRow, rows, 3);
        FloatVector f0 = FloatVector.zero(F);
        FloatVector f1 = FloatVector.zero(F);
        FloatVector f2 = FloatVector.zero(F);
        FloatVector f3 = FloatVector.zero(F);
        for (int k = 0; k < blocks; k++) {
            long at = row + (long) k * BLOCK_BYTES;
            int c = k * Block32.VALUES;
            IntVector s0 = IntVector.zero(I);
            IntVector s1 = IntVector.zero(I);
            IntVector s2 = IntVector.zero(I);
            IntVector s3 = IntVector.zero(I);
            for (int j = 0; j < Block32.VALUES; j += L) {
                ShortVector wv = (ShortVector) ByteVector.fromMemorySegment(B, w, at + QS + j, Lanes.LE).convertShape(B2S, S, 0);
                IntVector p0 = wv.mul((ShortVector) ByteVector.fromArray(B, qs, r0 * cols + c + j).convertShape(B2S, S, 0)).reinterpretAsInts();
                IntVector e0 = p0.add(p0.lanewise(LSHL, 16)).lanewise(ASHR, 16);
                // the first chunk starts the sum (an add of zero would be one more instruction per block)
                s0 = j == 0 ? e0 : s0.add(e0);
                if (rows > 1) {
                    IntVector p1 = wv.mul((ShortVector) ByteVector.fromArray(B, qs, r1 * cols + c + j).convertShape(B2S, S, 0)).reinterpretAsInts();
                    IntVector e1 = p1.add(p1.lanewise(LSHL, 16)).lanewise(ASHR, 16);
                    s1 = j == 0 ? e1 : s1.add(e1);
                }
                if (rows > 2) {
                    IntVector p2 = wv.mul((ShortVector) ByteVector.fromArray(B, qs, r2 * cols + c + j).convertShape(B2S, S, 0)).reinterpretAsInts();
                    IntVector e2 = p2.add(p2.lanewise(LSHL, 16)).lanewise(ASHR, 16);
                    s2 = j == 0 ? e2 : s2.add(e2);
                }
                if (rows > 3) {
                    IntVector p3 = wv.mul((ShortVector) ByteVector.fromArray(B, qs, r3 * cols + c + j).convertShape(B2S, S, 0)).reinterpretAsInts();
                    IntVector e3 = p3.add(p3.lanewise(LSHL, 16)).lanewise(ASHR, 16);
                    s3 = j == 0 ? e3 : s3.add(e3);
                }
            }
            if (partials != null) {
                partials[k] = s0.reduceLanes(ADD);
            }
            float d = Fp16Table.half(w, at);
            f0 = ((FloatVector) s0.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r0 * blocks + k]), f0);
            if (rows > 1) {
                f1 = ((FloatVector) s1.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r1 * blocks + k]), f1);
            }
            if (rows > 2) {
                f2 = ((FloatVector) s2.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r2 * blocks + k]), f2);
            }
            if (rows > 3) {
                f3 = ((FloatVector) s3.convert(I2F, 0)).fma(FloatVector.broadcast(F, d * da[r3 * blocks + k]), f3);
            }
        }
        FusedTileDot.store(y, yOff, yStride, rows, f0.reduceLanes(ADD), f1.reduceLanes(ADD), f2.reduceLanes(ADD),
                f3.reduceLanes(ADD));
    }

    @Override
    public int rowsPerPass() {
        return 2;
    }

    /** {@link #tile} with one activation row, for two weight rows in one pass (see {@code Int8RowDot#rowsPerPass}). */
    @Override
    public void dotRows(MemorySegment w, long row0, long rowStep, int cols, QuantizedActivations a, int aRow,
                        float[] y, int yOff, int yStep) {
        long row1 = row0 + rowStep;
        int blocks = cols / Block32.VALUES;
        byte[] qs = a.qs;
        float[] da = a.d;
        FloatVector f0 = FloatVector.zero(F);
        FloatVector f1 = FloatVector.zero(F);
        for (int k = 0; k < blocks; k++) {
            long at0 = row0 + (long) k * BLOCK_BYTES;
            long at1 = row1 + (long) k * BLOCK_BYTES;
            int c = aRow * cols + k * Block32.VALUES;
            IntVector s0 = IntVector.zero(I);
            IntVector s1 = IntVector.zero(I);
            for (int j = 0; j < Block32.VALUES; j += L) {
                ShortVector av = (ShortVector) ByteVector.fromArray(B, qs, c + j).convertShape(B2S, S, 0);
                IntVector p0 = ((ShortVector) ByteVector.fromMemorySegment(B, w, at0 + QS + j, Lanes.LE).convertShape(B2S, S, 0)).mul(av).reinterpretAsInts();
                IntVector p1 = ((ShortVector) ByteVector.fromMemorySegment(B, w, at1 + QS + j, Lanes.LE).convertShape(B2S, S, 0)).mul(av).reinterpretAsInts();
                IntVector e0 = p0.add(p0.lanewise(LSHL, 16)).lanewise(ASHR, 16);
                IntVector e1 = p1.add(p1.lanewise(LSHL, 16)).lanewise(ASHR, 16);
                s0 = j == 0 ? e0 : s0.add(e0);
                s1 = j == 0 ? e1 : s1.add(e1);
            }
            float dA = da[aRow * blocks + k];
            f0 = ((FloatVector) s0.convert(I2F, 0)).fma(FloatVector.broadcast(F, Fp16Table.half(w, at0) * dA), f0);
            f1 = ((FloatVector) s1.convert(I2F, 0)).fma(FloatVector.broadcast(F, Fp16Table.half(w, at1) * dA), f1);
        }
        y[yOff] = f0.reduceLanes(ADD);
        y[yOff + yStep] = f1.reduceLanes(ADD);
    }
}
