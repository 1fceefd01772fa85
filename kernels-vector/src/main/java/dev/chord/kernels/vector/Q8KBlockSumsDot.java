package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandles;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.S2F;

/** {@link Q8KBlockSums} in vector lanes. A width template ({@link WidthSpecializer}). */
public final class Q8KBlockSumsDot implements Q8KBlockSums {

    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Short> S = Lanes.shorts(V);
    private static final int L = F.length();
    private static final int PARTS = 16 / L;

    public Q8KBlockSumsDot() {
    }

    @Override
    public float sum(float[] s, int stride, int coefAt, int factorAt, int nb, QuantizedActivations a, int r) {
        short[] bsums = a.bsums;
        float[] d8 = a.d;
        FloatVector acc = FloatVector.zero(F);
        for (int k = 0; k < nb; k++) {
            int ab = r * nb + k;
            FloatVector m = FloatVector.zero(F);
            for (int p = 0; p < PARTS; p++) {
                FloatVector sums = (FloatVector) ShortVector.fromArray(S, bsums, 16 * ab + p * L).convertShape(S2F, F, 0);
                m = FloatVector.fromArray(F, s, stride * k + coefAt + p * L).fma(sums, m);
            }
            acc = m.fma(FloatVector.broadcast(F, s[stride * k + factorAt] * d8[ab]), acc);
        }
        return acc.reduceLanes(ADD);
    }
}
