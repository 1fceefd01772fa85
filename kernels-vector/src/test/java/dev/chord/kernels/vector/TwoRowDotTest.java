package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import dev.chord.api.tensor.WeightMatrix;
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
 * A row dot that takes two weight rows in one pass ({@link Int8RowDot#dotsTwoRows()},
 * {@link F32RowDot#dotsTwoRowsFused()}) gives each row the
 * float the one-row dot gives, up to the order of the final sum over vector lanes (the Vector API leaves that
 * order open, and interpreted and compiled code differ in it): within 1e-5 relative plus 1e-4, where a wrong scale, row
 * or activation would be off by far more. Formats without a two-row loop say so and refuse the call.
 */
class TwoRowDotTest {

    private final long seed = Seeds.seed(20261126L);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[] {128, 256, 0}) {
            for (GgmlType t : VectorFormats.INT8) {
                out.add(Arguments.of(bits, t));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} at {0} bits (0 = preferred)")
    @MethodSource("cases")
    void pairedRowsEqualSingleRows(int bits, GgmlType type) {
        int width = bits == 0 ? VectorConfig.preferredBits() : bits;
        Assumptions.assumeTrue(width <= VectorConfig.preferredBits(), width + "-bit vectors cannot run here");
        Int8RowDot dot = VectorDots.int8(VectorConfig.of(width)).get(type);
        int cols = 4 * type.blockSize() * (type.blockSize() == 256 ? 3 : 8);
        int rows = 6;
        SplittableRandom rnd = new SplittableRandom(seed ^ type.id() ^ bits);
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), rows, cols, rnd);
            float[] x = KernelVerifier.gaussian(rnd, 2 * cols, 1.0);
            QuantizedActivations a = new QuantizedActivations();
            GgmlType act = QuantFormats.defaults().forType(type).vecDotType();
            a.quantize(QuantFormats.defaults().forType(act), x, 0, 2, cols);
            if (!dot.dotsTwoRows()) {
                float[] y = new float[2];
                assertThrows(UnsupportedOperationException.class,
                        () -> dot.dotTwoRows(w.data(), 0, w.rowBytes(), cols, a, 0, y, 0, 1));
                return;
            }
            for (int aRow = 0; aRow < 2; aRow++) {
                float[] single = new float[rows];
                for (int r = 0; r < rows; r++) {
                    dot.dot(w.data(), r * w.rowBytes(), cols, a, aRow, 1, single, r, 1);
                }
                // far pairs as the driver makes them, and an adjacent and a reversed pair
                int[][] pairs = {{0, 3}, {1, 4}, {2, 5}, {4, 5}, {5, 0}};
                for (int[] p : pairs) {
                    float[] y = new float[rows];
                    dot.dotTwoRows(w.data(), p[0] * w.rowBytes(), p[1] * w.rowBytes(), cols, a, aRow, y, p[0], p[1]);
                    int activationRow = aRow;
                    assertEquals(single[p[0]], y[p[0]], 1e-4f + 1e-5f * Math.abs(single[p[0]]), () -> Seeds.replay(seed) + type + " rows " + p[0] + "," + p[1]
                            + " activation row " + activationRow + " at " + width + " bits: first row");
                    assertEquals(single[p[1]], y[p[1]], 1e-4f + 1e-5f * Math.abs(single[p[1]]), () -> Seeds.replay(seed) + type + " rows " + p[0] + "," + p[1]
                            + " activation row " + activationRow + " at " + width + " bits: second row");
                }
            }
        }
    }

    static Stream<Arguments> fusedCases() {
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[] {128, 256, 0}) {
            for (GgmlType t : VectorFormats.FUSED) {
                out.add(Arguments.of(bits, t));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "fused {1} at {0} bits (0 = preferred)")
    @MethodSource("fusedCases")
    void pairedFusedRowsEqualSingleRows(int bits, GgmlType type) {
        int width = bits == 0 ? VectorConfig.preferredBits() : bits;
        Assumptions.assumeTrue(width <= VectorConfig.preferredBits(), width + "-bit vectors cannot run here");
        F32RowDot dot = VectorDots.fused(VectorConfig.of(width)).get(type);
        int cols = 4 * type.blockSize() * (type.blockSize() == 256 ? 3 : 8);
        int rows = 6;
        SplittableRandom rnd = new SplittableRandom(seed ^ type.id() ^ bits ^ 0x5EED);
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), rows, cols, rnd);
            float[] x = KernelVerifier.gaussian(rnd, 2 * cols, 1.0);
            if (!dot.dotsTwoRowsFused()) {
                float[] y = new float[2];
                assertThrows(UnsupportedOperationException.class,
                        () -> dot.dotTwoRows(w.data(), 0, w.rowBytes(), cols, x, 0, y, 0, 1));
                return;
            }
            for (int xRow = 0; xRow < 2; xRow++) {
                float[] single = new float[rows];
                for (int r = 0; r < rows; r++) {
                    dot.dot(w.data(), r * w.rowBytes(), cols, x, xRow * cols, cols, 1, single, r, 1);
                }
                int[][] pairs = {{0, 3}, {1, 4}, {2, 5}, {4, 5}, {5, 0}};
                for (int[] p : pairs) {
                    float[] y = new float[rows];
                    dot.dotTwoRows(w.data(), p[0] * w.rowBytes(), p[1] * w.rowBytes(), cols, x, xRow * cols, y, p[0], p[1]);
                    int activationRow = xRow;
                    for (int r : p) {
                        assertEquals(single[r], y[r], 1e-4f + 1e-5f * Math.abs(single[r]), () -> Seeds.replay(seed) + "fused "
                                + type + " rows " + p[0] + "," + p[1] + " activation row " + activationRow + " at " + width
                                + " bits: row " + r);
                    }
                }
            }
        }
    }
}
