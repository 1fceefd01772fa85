package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.attention.ScalarF16VecOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.S2I;

/**
 * The lanes of {@link VectorF16VecOps}: 16 floats per register, as llama.cpp's AVX-512 build (ggml-cpu
 * simd-mappings.h, {@code GGML_F16_EPR 16}, {@code GGML_F16_STEP 64}).
 *
 * <p>The Vector API has no F16 conversion, so halves become floats by bit arithmetic, exact for every finite
 * half: the 15 magnitude bits shifted into a float's exponent and mantissa and multiplied by 2^112 (which
 * rebias the exponent and turn half subnormals, float subnormals after the shift, into normal floats), then
 * the sign. Results round back to F16 precision the same way: mantissas to 10 bits with ties to even by
 * integer addition, values below 2^-14 to multiples of 2^-24 by adding and subtracting 0.5, 65520 and above to
 * infinity (the halfway point above the largest half, 65504). Infinities and NaNs in the inputs are rare and
 * would need more lane work, so a call (dot) or a 16-value chunk (the others) holding one is computed by
 * {@code scalar.f16} instead, which gives the same bits (for a NaN, a NaN: Java leaves payloads unspecified).
 *
 * <p>No helper method takes or returns a vector: unless C2 inlines it, each such call boxes the vector, and the
 * dot product took 63-69 ns per 64 values that way against 15 ns written inline.
 */
final class F16Lanes {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
    private static final int EPR = 16;
    private static final int STEP = 64;
    /** Lane l + k to lane l, for GCC's {@code _mm512_reduce_add_ps} order (l+8, l+4, then (0+2)+(1+3)). */
    private static final VectorShuffle<Float> DOWN8 = down(8);
    private static final VectorShuffle<Float> DOWN4 = down(4);
    private static final VectorShuffle<Float> DOWN2 = down(2);
    private static final VectorShuffle<Float> DOWN1 = down(1);
    private static final ScalarF16VecOps SCALAR = new ScalarF16VecOps();

    private F16Lanes() {
    }

    private static VectorShuffle<Float> down(int k) {
        int[] idx = new int[EPR];
        for (int l = 0; l < EPR; l++) {
            idx[l] = (l + k) % EPR;
        }
        return VectorShuffle.fromArray(F, idx, 0);
    }

    static float dot(float[] x, int xo, short[] y, int yo, int n, float[] scratch) {
        int np = n & ~(STEP - 1);
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        IntVector worst = IntVector.zero(I);
        // everything inline: a helper taking or returning vectors costs a boxed vector per call unless C2 inlines it
        for (int i = 0; i < np; i += STEP) {
            IntVector h0 = (IntVector) ShortVector.fromArray(S, y, yo + i + 0).convertShape(S2I, I, 0);
            IntVector a0 = h0.and(0x7FFF);
            FloatVector y0 = a0.lanewise(LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                    .reinterpretAsInts().or(h0.and(0x80000000)).reinterpretAsFloats();
            IntVector h1 = (IntVector) ShortVector.fromArray(S, y, yo + i + 16).convertShape(S2I, I, 0);
            IntVector a1 = h1.and(0x7FFF);
            FloatVector y1 = a1.lanewise(LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                    .reinterpretAsInts().or(h1.and(0x80000000)).reinterpretAsFloats();
            IntVector h2 = (IntVector) ShortVector.fromArray(S, y, yo + i + 32).convertShape(S2I, I, 0);
            IntVector a2 = h2.and(0x7FFF);
            FloatVector y2 = a2.lanewise(LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                    .reinterpretAsInts().or(h2.and(0x80000000)).reinterpretAsFloats();
            IntVector h3 = (IntVector) ShortVector.fromArray(S, y, yo + i + 48).convertShape(S2I, I, 0);
            IntVector a3 = h3.and(0x7FFF);
            FloatVector y3 = a3.lanewise(LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                    .reinterpretAsInts().or(h3.and(0x80000000)).reinterpretAsFloats();
            worst = worst.max(a0.max(a1)).max(a2.max(a3));
            s0 = FloatVector.fromArray(F, x, xo + i).fma(y0, s0);
            s1 = FloatVector.fromArray(F, x, xo + i + 16).fma(y1, s1);
            s2 = FloatVector.fromArray(F, x, xo + i + 32).fma(y2, s2);
            s3 = FloatVector.fromArray(F, x, xo + i + 48).fma(y3, s3);
        }
        if (worst.compare(VectorOperators.GE, 0x7C00).anyTrue()) {
            return SCALAR.dot(x, xo, y, yo, n, scratch);
        }
        FloatVector v = s0.add(s2).add(s1.add(s3));
        v = v.add(v.rearrange(DOWN8));
        v = v.add(v.rearrange(DOWN4));
        v = v.add(v.rearrange(DOWN2));
        double sum = v.add(v.rearrange(DOWN1)).lane(0);
        for (int i = np; i < n; i++) {
            sum += x[xo + i] * Float.float16ToFloat(y[yo + i]);
        }
        return (float) sum;
    }

    static void mad(float[] acc, short[] y, int yo, float v, int n) {
        if (!Float.isFinite(v)) {
            SCALAR.mad(acc, y, yo, v, n);
            return;
        }
        update(acc, y, yo, v, n);
    }

    static void scale(float[] acc, float v, int n) {
        if (!Float.isFinite(v)) {
            SCALAR.scale(acc, v, n);
            return;
        }
        update(acc, null, 0, v, n);
    }

    /**
     * {@code acc[i] = f16(fma(y[yo+i], v, acc[i]))}, or {@code f16(acc[i] * v)} without {@code y} (one loop for
     * both: the rounding stays written once, and C2 unswitches the loop on {@code y == null}).
     */
    private static void update(float[] acc, short[] y, int yo, float v, int n) {
        int nv = n & ~(EPR - 1);
        FloatVector vv = FloatVector.broadcast(F, v);
        for (int i = 0; i < nv; i += EPR) {
            FloatVector c = FloatVector.fromArray(F, acc, i);
            VectorMask<Integer> special = c.reinterpretAsInts().and(0x7F800000).compare(VectorOperators.EQ, 0x7F800000);
            FloatVector r;
            if (y == null) {
                r = c.mul(vv);
            } else {
                IntVector h = (IntVector) ShortVector.fromArray(S, y, yo + i).convertShape(S2I, I, 0);
                IntVector a = h.and(0x7FFF);
                special = special.or(a.compare(VectorOperators.GE, 0x7C00));
                r = a.lanewise(LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                        .reinterpretAsInts().or(h.and(0x80000000)).reinterpretAsFloats().fma(vv, c);
            }
            if (special.anyTrue()) {
                scalarUpdate(acc, y, yo, v, i, i + EPR);
                continue;
            }
            IntVector bits = r.reinterpretAsInts();
            IntVector ab = bits.and(0x7FFFFFFF);
            FloatVector af = ab.reinterpretAsFloats();
            FloatVector normal = ab.add(0xFFF).add(ab.lanewise(LSHR, 13).and(1)).and(0xFFFFE000).reinterpretAsFloats();
            FloatVector rounded = normal.blend(af.add(0.5f).sub(0.5f), af.compare(VectorOperators.LT, 0x1p-14f))
                    .blend(Float.POSITIVE_INFINITY, af.compare(VectorOperators.GE, 65520f));
            rounded.reinterpretAsInts().or(bits.and(0x80000000)).reinterpretAsFloats().intoArray(acc, i);
        }
        scalarUpdate(acc, y, yo, v, nv, n);
    }

    private static void scalarUpdate(float[] acc, short[] y, int yo, float v, int from, int to) {
        for (int i = from; i < to; i++) {
            acc[i] = ScalarF16VecOps.f16(y == null ? acc[i] * v : Math.fma(Float.float16ToFloat(y[yo + i]), v, acc[i]));
        }
    }

    static void toFloat(short[] y, int yo, float[] out, int oo, int n) {
        int nv = n & ~(EPR - 1);
        for (int i = 0; i < nv; i += EPR) {
            IntVector h = (IntVector) ShortVector.fromArray(S, y, yo + i).convertShape(S2I, I, 0);
            IntVector a = h.and(0x7FFF);
            if (a.compare(VectorOperators.GE, 0x7C00).anyTrue()) {
                SCALAR.toFloat(y, yo + i, out, oo + i, EPR);
                continue;
            }
            a.lanewise(LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                    .reinterpretAsInts().or(h.and(0x80000000)).reinterpretAsFloats().intoArray(out, oo + i);
        }
        SCALAR.toFloat(y, yo + nv, out, oo + nv, n - nv);
    }

    static void madF32(float[] acc, short[] y, int yo, float v, int n) {
        int nv = n & ~(EPR - 1);
        FloatVector vv = FloatVector.broadcast(F, v);
        for (int i = 0; i < nv; i += EPR) {
            IntVector h = (IntVector) ShortVector.fromArray(S, y, yo + i).convertShape(S2I, I, 0);
            IntVector a = h.and(0x7FFF);
            if (a.compare(VectorOperators.GE, 0x7C00).anyTrue()) {
                scalarMadF32(acc, y, yo, v, i, i + EPR);
                continue;
            }
            a.lanewise(LSHL, 13).reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts().or(h.and(0x80000000))
                    .reinterpretAsFloats().fma(vv, FloatVector.fromArray(F, acc, i)).intoArray(acc, i);
        }
        scalarMadF32(acc, y, yo, v, nv, n);
    }

    private static void scalarMadF32(float[] acc, short[] y, int yo, float v, int from, int to) {
        for (int i = from; i < to; i++) {
            acc[i] = Math.fma(Float.float16ToFloat(y[yo + i]), v, acc[i]);
        }
    }
}
