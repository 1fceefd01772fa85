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
    /** Lanes [m0, m0, m1, m1, .., m7, m7]. */
    private static final VectorShuffle<Byte> M16_A = VectorShuffle.fromValues(B16, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11);
    private static final VectorShuffle<Byte> M16_B = VectorShuffle.fromValues(B16, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 5, 5, 6, 6, 7, 7);
    private static final int[] M16_SHIFT = {0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4};
    private static final int[] M16_MASK_A = {63, 63, 63, 63, 63, 63, 63, 63, 15, 15, 15, 15, 15, 15, 15, 15};
    private static final int[] M16_MASK_B = {0, 0, 0, 0, 0, 0, 0, 0, 48, 48, 48, 48, 48, 48, 48, 48};

    public ScaleMinHeaderDecoder() {
    }

    @Override
    public void prepare(MemorySegment w, long row, int nb, int blockBytes, float[] s, boolean int8) {
        for (int k = 0; k < nb; k++) {
            long blk = row + (long) blockBytes * k;
            int at = STRIDE * k;
            float d = Lanes.half(w, blk + D);
            float dmin = Lanes.half(w, blk + DMIN);
            float scaleFactor = int8 ? 1f : d;
            float minFactor = int8 ? 1f : -dmin;
            ByteVector bytes = ByteVector.fromMemorySegment(B16, w, blk + SCALES, LE);
            ByteVector a = bytes.rearrange(SM_A);
            ByteVector b = bytes.rearrange(SM_B);
            for (int p = 0; p < PARTS; p++) {
                int lane = p * L;
                IntVector v = ((IntVector) a.convertShape(ZERO_EXTEND_B2I, I, p))
                        .lanewise(LSHR, IntVector.fromArray(I, SM_SHIFT, lane)).and(IntVector.fromArray(I, SM_MASK_A, lane))
                        .or(((IntVector) b.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHR, 2).and(IntVector.fromArray(I, SM_MASK_B, lane)));
                // lanes [0,8) are scales, [8,16) mins
                FloatVector factor = FloatVector.broadcast(F, minFactor).blend(scaleFactor, F.indexInRange(lane, 8));
                ((FloatVector) v.convertShape(I2F, F, 0)).mul(factor).intoArray(s, at + SCALES_AT + lane);
            }
            if (int8) {
                ByteVector a2 = bytes.rearrange(M16_A);
                ByteVector b2 = bytes.rearrange(M16_B);
                for (int p = 0; p < PARTS; p++) {
                    int lane = p * L;
                    IntVector v = ((IntVector) a2.convertShape(ZERO_EXTEND_B2I, I, p))
                            .lanewise(LSHR, IntVector.fromArray(I, M16_SHIFT, lane)).and(IntVector.fromArray(I, M16_MASK_A, lane))
                            .or(((IntVector) b2.convertShape(ZERO_EXTEND_B2I, I, p)).lanewise(LSHR, 2).and(IntVector.fromArray(I, M16_MASK_B, lane)));
                    ((FloatVector) v.convertShape(I2F, F, 0)).intoArray(s, at + MINS16_AT + lane);
                }
                s[at + NEG_DMIN_AT] = -dmin;
            }
        }
    }
}
