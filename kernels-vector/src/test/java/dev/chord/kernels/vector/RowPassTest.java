package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A row dot that takes several weight rows in one pass ({@link Int8RowDot#rowsPerPass()},
 * {@link F32RowDot#rowsPerPassFused()}) gives each row the float the one-row dot gives, up to the order of the
 * final sum over vector lanes (the Vector API leaves that order open, and interpreted and compiled code differ
 * in it): within 1e-5 relative plus 1e-4 plus 2e-6 of the row's {@code sum_i |w_i x_i|}, where a wrong scale, row or
 * activation would be off by far more. Rows
 * are taken with several steps, as the driver does, adjacent, and backwards. Formats without a pass refuse the call.
 */
class RowPassTest {

    private static final int ROWS = 13;
    private static final int[][] FIRST_AND_STEP = {{0, 3}, {1, 2}, {0, 1}, {5, 1}, {12, -3}};

    private final long seed = Seeds.seed(20261126L);

    /**
     * {@code sum_i |w_i x_i|} of weight row {@code r}: lanes added in another order differ by a few float epsilons of
     * the terms, which can be far larger than the result (ChunkedMatvecTest once saw 1.2e-4 on a result of 0.79).
     */
    private static double magnitude(GgmlType type, WeightMatrix w, int r, float[] x, int xOff, int cols) {
        float[] row = new float[cols];
        QuantFormats.defaults().forType(type).dequantizeRow(w.data(), r * w.rowBytes(), row, 0, cols);
        double m = 0;
        for (int i = 0; i < cols; i++) {
            m += Math.abs((double) row[i] * x[xOff + i]);
        }
        return m;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (boolean int8 : new boolean[] {true, false}) {
            for (int bits : new int[] {128, 256, 0}) {
                for (GgmlType t : int8 ? VectorFormats.INT8 : VectorFormats.FUSED) {
                    out.add(Arguments.of(int8 ? "int8" : "fused", bits, t));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} at {1} bits (0 = preferred)")
    @MethodSource("cases")
    void eachRowOfAPassEqualsTheOneRowDot(String kind, int bits, GgmlType type) {
        int width = bits == 0 ? VectorConfig.preferredBits() : bits;
        Assumptions.assumeTrue(width <= VectorConfig.preferredBits(), width + "-bit vectors cannot run here");
        boolean int8 = kind.equals("int8");
        Int8RowDot idot = int8 ? VectorDots.int8(VectorConfig.of(width)).get(type) : null;
        F32RowDot fdot = int8 ? null : VectorDots.fused(VectorConfig.of(width)).get(type);
        int pass = int8 ? idot.rowsPerPass() : fdot.rowsPerPassFused();
        int cols = 4 * type.blockSize() * (type.blockSize() == 256 ? 3 : 8);
        SplittableRandom rnd = new SplittableRandom(seed ^ type.id() ^ bits ^ (int8 ? 0 : 0x5EED));
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), ROWS, cols, rnd);
            long rb = w.rowBytes();
            float[] x = KernelVerifier.gaussian(rnd, 2 * cols, 1.0);
            QuantizedActivations a = new QuantizedActivations();
            if (int8) {
                GgmlType act = QuantFormats.defaults().forType(type).vecDotType();
                a.quantize(QuantFormats.defaults().forType(act), x, 0, 2, cols);
            }
            if (pass == 1) {
                float[] y = new float[ROWS];
                assertThrows(UnsupportedOperationException.class, () -> {
                    if (int8) {
                        idot.dotRows(w.data(), 0, rb, cols, a, 0, y, 0, 1);
                    } else {
                        fdot.dotRows(w.data(), 0, rb, cols, x, 0, y, 0, 1);
                    }
                });
                return;
            }
            for (int xRow = 0; xRow < 2; xRow++) {
                float[] single = new float[ROWS];
                for (int r = 0; r < ROWS; r++) {
                    if (int8) {
                        idot.dot(w.data(), r * rb, cols, a, xRow, 1, single, r, 1);
                    } else {
                        fdot.dot(w.data(), r * rb, cols, x, xRow * cols, cols, 1, single, r, 1);
                    }
                }
                for (int[] fs : FIRST_AND_STEP) {
                    int first = fs[0];
                    int step = fs[1];
                    int last = first + (pass - 1) * step;
                    if (last < 0 || last >= ROWS) {
                        continue;
                    }
                    float[] y = new float[ROWS];
                    if (int8) {
                        idot.dotRows(w.data(), first * rb, step * rb, cols, a, xRow, y, first, step);
                    } else {
                        fdot.dotRows(w.data(), first * rb, step * rb, cols, x, xRow * cols, y, first, step);
                    }
                    for (int i = 0; i < pass; i++) {
                        int r = first + i * step;
                        int activationRow = xRow;
                        double tol = 1e-4 + 1e-5 * Math.abs(single[r]) + 2e-6 * magnitude(type, w, r, x, xRow * cols, cols);
                        assertEquals(single[r], y[r], tol, () -> Seeds.replay(seed) + kind + " "
                                + type + " pass of " + pass + " from row " + first + " step " + step + ", row " + r
                                + ", activation row " + activationRow + " at " + width + " bits");
                    }
                }
            }
        }
    }
}
