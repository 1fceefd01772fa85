package dev.chord.kernels.vector;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A matrix-vector product large enough that two threads claim it in row blocks, whose chunk and row-block
 * boundaries fall where the multi-row passes do not divide them evenly, gives every row what one thread gives:
 * within 1e-5 relative plus 1e-4 (a row computed in a pass and the same row computed alone differ only in the
 * order of the final lane sum). The output starts as NaN, so a row no chunk covered fails.
 */
class ChunkedMatvecTest {

    private static final int ROWS = 1901;
    private static final int COLS = 4096;

    private final long seed = Seeds.seed(20261126L);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"vector.int8, q4_K", "vector.int8, q6_K", "vector.int8, q8_0", "vector.int8, q4_0", "vector.fused, q4_0"})
    void twoThreadsInRowBlocksGiveWhatOneThreadGives(String kernelName, String format) {
        MatmulKernel kernel = MatmulKernels.registry().require(kernelName);
        Assumptions.assumeTrue(kernel.unavailableReason().isEmpty(), () -> kernel.unavailableReason().orElse(""));
        GgmlType type = GgmlType.parse(format);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared(); ChordExecutor one = ChordExecutor.create(1); ChordExecutor two = ChordExecutor.create(2)) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), ROWS, COLS, rnd);
            float[] x = KernelVerifier.gaussian(rnd, COLS, 1.0);
            float[] expected = new float[ROWS];
            float[] actual = new float[ROWS];
            Arrays.fill(actual, Float.NaN);
            kernel.bind(one).matvec(w, x, 0, expected, 0);
            kernel.bind(two).matvec(w, x, 0, actual, 0);
            for (int r = 0; r < ROWS; r++) {
                float tol = 1e-5f * Math.abs(expected[r]) + 1e-4f;
                assertTrue(Math.abs(actual[r] - expected[r]) <= tol,
                        Seeds.replay(seed) + kernelName + " " + format + " row " + r + ": two threads " + actual[r]
                                + ", one thread " + expected[r]);
            }
        }
    }
}
