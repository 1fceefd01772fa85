package dev.chord.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

import static dev.chord.kernels.vector.Lanes.LE;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * {@link ScaleMinHeaders} in vector lanes. A width template ({@link WidthSpecializer}).
 *
 * <p>The 12 scale bytes s hold, per {@code get_scale_min_k4}: for sub-blocks 0-3 the scale and min in the
 * low 6 bits of s[j] and s[j+4]; for 4-7 a nibble of s[j+4] (low: scale, high: min) and the top two bits of
 * s[j-4] (scale) or s[j] (min). Every output lane is {@code ((A >>> shift) & maskA) | ((B >>> 2) & maskB)}
 * with bytes A and B picked from the 16 loaded bytes by a shuffle and per-lane shifts and masks from tables.
 */
public final class ScaleMinHeaderDecoder implements ScaleMinHeaders {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int L = F.length();
    private static final int PARTS = 16 / L;

    private static final int D = 0;
    private static final int DMIN = 2;
    private static final int SCALES = 4;

    /** Lanes [sc0..sc7, m0..m7]. */
    private static final VectorShuffle<Byte> SM_A = VectorShuffle.fromValues(B16, 0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11);
    private static final VectorShuffle<Byte> SM_B = VectorShuffle.fromValues(B16, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 6, 7);
    private static final int[] SM_SHIFT = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4};
    private static final int[] SM_MASK_A = {63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 15, 15, 15, 15};
    private static final int[] SM_MASK_B = {0, 0, 0, 0, 48, 48, 48, 48, 0, 0, 0, 0, 48, 48, 48, 48};
    /** 1 in the scale lanes [0,8), 0 in the min lanes [8,16): a factor d for scales, -dmin for mins is fma(SEL, d + dmin, -dmin). */
    private static final float[] SCALE_LANES = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    /**
     * Mins once per 16 values: lane i of {@link #MINS16_AT} is lane 8 + i/2 of the decoded header. Part p of
     * it picks from one part of the header with shuffle {@code MIN_OF_16_p} (one field per part: a shuffle
     * read from an array would not be a constant).
     */
    private static final VectorShuffle<Float> MIN_OF_16_0 = minOf16(0);
    private static final VectorShuffle<Float> MIN_OF_16_1 = minOf16(1);
    private static final VectorShuffle<Float> MIN_OF_16_2 = minOf16(2);
    private static final VectorShuffle<Float> MIN_OF_16_3 = minOf16(3);

    private static VectorShuffle<Float> minOf16(int part) {
        if (part >= PARTS) {
            return null;
        }
        int[] idx = new int[L];
        for (int l = 0; l < L; l++) {
            idx[l] = (8 + (part * L + l) / 2) % L;
        }
        return VectorShuffle.fromArray(F, idx, 0);
    }

    public ScaleMinHeaderDecoder() {
    }

    @Override
    public void prepare(MemorySegment w, long row, int nb, int blockBytes, float[] s, boolean int8) {
        // no vector is live across these calls, so not inlining decode costs little here
        for (int k = 0; k < nb; k++) {
            decode(w, row + (long) blockBytes * k, s, STRIDE * k, int8);
        }
    }

    @Override
    public void decode(MemorySegment w, long blk, float[] s, int at, boolean int8) {
        float d = Float.float16ToFloat(w.get(Lanes.HALF, blk + D));
        float dmin = Float.float16ToFloat(w.get(Lanes.HALF, blk + DMIN));
        ByteVector bytes = ByteVector.fromMemorySegment(B16, w, blk + SCALES, LE);
        ByteVector a = bytes.rearrange(SM_A);
        ByteVector b = bytes.rearrange(SM_B);
        FloatVector f = null;
        for (int p = 0; p < PARTS; p++) {
            int lane = p * L;
            IntVector v = ((IntVector) a.convertShape(ZERO_EXTEND_B2I, I, p))
                    .lanewise(LSHR, IntVector.fromArray(I, SM_SHIFT, lane)).and(IntVector.fromArray(I, SM_MASK_A, lane))
                    .or(((IntVector) b.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHR, 2).and(IntVector.fromArray(I, SM_MASK_B, lane)));
            f = (FloatVector) v.convertShape(I2F, F, 0);
            if (!int8) {
                f = f.mul(FloatVector.fromArray(F, SCALE_LANES, lane).fma(FloatVector.broadcast(F, d + dmin), FloatVector.broadcast(F, -dmin)));
            }
            f.intoArray(s, at + SCALES_AT + lane);
        }
        if (int8) {
            for (int p = 0; p < PARTS; p++) {
                int source = (8 + p * L / 2) / L;
                VectorShuffle<Float> pick = p == 0 ? MIN_OF_16_0 : p == 1 ? MIN_OF_16_1 : p == 2 ? MIN_OF_16_2 : MIN_OF_16_3;
                // with one part the header is still in a register; otherwise read the part back
                FloatVector src = PARTS == 1 ? f : FloatVector.fromArray(F, s, at + SCALES_AT + source * L);
                src.rearrange(pick).intoArray(s, at + MINS16_AT + p * L);
            }
            s[at + D_AT] = d;
            s[at + NEG_DMIN_AT] = -dmin;
        }
    }
}
