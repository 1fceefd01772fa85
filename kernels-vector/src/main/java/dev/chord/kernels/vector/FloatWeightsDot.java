package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.S2I;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_S2I;

/**
 * {@code vector.fused} for weights stored one value per element: {@code f32}, {@code f16} and {@code bf16}
 * (little-endian). Any column count: whole vectors, then a scalar tail, so rows shorter than one vector work.
 *
 * <p>f16 is widened exactly in int lanes (the Vector API has no half-float conversion): the 15 magnitude
 * bits move to a float's exponent and mantissa position and are scaled by 2^112, which is exact for
 * normals and subnormals; infinities and NaNs get the all-ones float exponent; then the sign goes back.
 * bf16 is the top half of a float: a shift.
 *
 * <p>A width template ({@link WidthSpecializer}), stateless; {@link FloatWeightsFusedDot} holds the format.
 */
public final class FloatWeightsDot implements FloatWeightsLoop {
    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    /** Shorts that widen to one float vector. */
    private static final VectorSpecies<Short> H = Lanes.shorts(V);
    private static final int L = F.length();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(Lanes.LE);
    /** An all-ones f16 exponent (0x7C00) after the shift by 13. */
    private static final int F16_SPECIAL = 0x7C00 << 13;

    /** A width template: made by {@link WidthSpecializer}, which needs this constructor. */
    public FloatWeightsDot() {
    }

    /** Weight {@code c} of the row, for the scalar tail. */
    private static float weight(GgmlType type, MemorySegment w, long row, int c) {
        if (type == GgmlType.F16) {
            return Fp16Table.half(w, row + 2L * c);
        }
        if (type == GgmlType.BF16) {
            return Float.intBitsToFloat(w.get(Lanes.HALF, row + 2L * c) << 16);
        }
        return w.get(FLOAT, row + 4L * c);
    }

    @Override
    public void tile(GgmlType type, MemorySegment w, long row, int cols, float[] x, int xOff, int xStride, int rows,
                     float[] y, int yOff, int yStride) {
        int elementBytes = type == GgmlType.F32 ? 4 : 2;
        int x0 = FusedTileDot.rowStart(xOff, xStride, rows, 0);
        int x1 = FusedTileDot.rowStart(xOff, xStride, rows, 1);
        int x2 = FusedTileDot.rowStart(xOff, xStride, rows, 2);
        int x3 = FusedTileDot.rowStart(xOff, xStride, rows, 3);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int c = 0;
        for (; c <= cols - L; c += L) {
            long at = row + (long) elementBytes * c;
            FloatVector wv;
            if (type == GgmlType.F16) {
                IntVector h = (IntVector) ShortVector.fromMemorySegment(H, w, at, Lanes.LE).convertShape(ZERO_EXTEND_S2I, I, 0);
                IntVector magnitude = h.and(0x7FFF).lanewise(LSHL, 13);
                IntVector finite = magnitude.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
                IntVector bits = finite.blend(magnitude.or(0x7000_0000), magnitude.compare(GE, F16_SPECIAL));
                wv = bits.or(h.and(0x8000).lanewise(LSHL, 16)).reinterpretAsFloats();
            } else if (type == GgmlType.BF16) {
                wv = ((IntVector) ShortVector.fromMemorySegment(H, w, at, Lanes.LE).convertShape(S2I, I, 0))
                        .lanewise(LSHL, 16).reinterpretAsFloats();
            } else {
                wv = FloatVector.fromMemorySegment(F, w, at, Lanes.LE);
            }
            a0 = wv.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            if (rows > 1) {
                a1 = wv.fma(FloatVector.fromArray(F, x, x1 + c), a1);
            }
            if (rows > 2) {
                a2 = wv.fma(FloatVector.fromArray(F, x, x2 + c), a2);
            }
            if (rows > 3) {
                a3 = wv.fma(FloatVector.fromArray(F, x, x3 + c), a3);
            }
        }
        float s0 = a0.reduceLanes(ADD);
        float s1 = a1.reduceLanes(ADD);
        float s2 = a2.reduceLanes(ADD);
        float s3 = a3.reduceLanes(ADD);
        for (; c < cols; c++) {
            float wc = weight(type, w, row, c);
            s0 += wc * x[x0 + c];
            s1 += wc * x[x1 + c];
            s2 += wc * x[x2 + c];
            s3 += wc * x[x3 + c];
        }
        FusedTileDot.store(y, yOff, yStride, rows, s0, s1, s2, s3);
    }
}
