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
 * boundaries fall where the multi-row passes do not divide them evenly, gives every row what one thread gives, up
 * to the order of the final sum over vector lanes (a row computed in a pass and the same row computed alone, or
 * in interpreted and compiled code, may add its lanes in another order): within 2e-6 of the row's magnitude
 * {@code sum_i |w_i x_i|} (sixteen lanes re-added, float epsilon 6e-8), plus 1e-6. A row that no chunk covered
 * stays NaN and fails; one computed from the wrong weights or activations is off by about its magnitude.
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
            float[] row = new float[COLS];
            for (int r = 0; r < ROWS; r++) {
                QuantFormats.defaults().forType(type).dequantizeRow(w.data(), r * w.rowBytes(), row, 0, COLS);
                double magnitude = 0;
                for (int i = 0; i < COLS; i++) {
                    magnitude += Math.abs((double) row[i] * x[i]);
                }
                double tol = 2e-6 * magnitude + 1e-6;
                assertTrue(Math.abs(actual[r] - expected[r]) <= tol,
                        Seeds.replay(seed) + kernelName + " " + format + " row " + r + ": two threads " + actual[r]
                                + ", one thread " + expected[r]);
            }
        }
    }
}
