package dev.chord.kernels.scalar.int8;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.api.testing.Fixtures;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.matmul.ScalarInt8Kernel;
import dev.chord.kernels.scalar.verify.KernelCheck;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code scalar.int8} follows ggml's float order to the bit: on the fixtures, made by ggml's CPU backend with
 * plain buffers, its {@link GgmlWeightBuffer#CPU} binding reproduces {@code ggml_matvec} exactly for every
 * format; results do not depend on the thread count; the integer partials see the levels the reference decoder
 * sees.
 */
class GgmlOrderTest {

    static Stream<GgmlType> formats() {
        return GgmlMulMatRoute.VEC_DOT.keySet().stream().sorted();
    }

    private final long seed = Seeds.seed(20261127L);
    private final QuantFormats formats = QuantFormats.defaults();

    @ParameterizedTest
    @MethodSource("formats")
    void plainBuffersReproduceGgmlMatvecBitForBit(GgmlType type) throws Exception {
        Path file = Fixtures.quant(type.ggmlName());
        Assumptions.assumeTrue(Files.exists(file), "no fixture for " + type);
        ScalarInt8Kernel kernel = new ScalarInt8Kernel(GgmlWeightBuffer.CPU);
        try (ChordExecutor ex = ChordExecutor.create(2)) {
            KernelCheck c = new KernelVerifier(formats, seed).verifyFixture(kernel, kernel.bind(ex), file);
            assertEquals(0.0, c.measured(), c.line() + ": expected ggml_matvec bit for bit");
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void resultsDoNotDependOnTheThreadCount(GgmlType type) {
        QuantFormat f = formats.forType(type);
        SplittableRandom rnd = new SplittableRandom(seed ^ type.id());
        for (GgmlWeightBuffer buffer : GgmlWeightBuffer.values()) {
            ScalarInt8Kernel kernel = new ScalarInt8Kernel(buffer);
            try (Arena arena = Arena.ofShared(); ChordExecutor one = ChordExecutor.create(1);
                 ChordExecutor two = ChordExecutor.create(2)) {
                Matmul m1 = kernel.bind(one);
                Matmul m2 = kernel.bind(two);
                for (int batch : new int[] {1, 2, 5, 9}) {
                    WeightMatrix w = KernelVerifier.randomWeights(arena, f, 24, 512, rnd);
                    float[] x = KernelVerifier.gaussian(rnd, batch * 512, 1.0);
                    float[] y1 = new float[batch * 24];
                    float[] y2 = new float[batch * 24];
                    m1.matmul(w, x, batch, y1);
                    m2.matmul(w, x, batch, y2);
                    if (!Arrays.equals(y1, y2)) {
                        fail(Seeds.replay(seed) + type + " " + buffer + " batch " + batch + ": 1 and 2 threads differ");
                    }
                }
            }
        }
    }

    /**
     * With the activation a unit vector, the only non-zero partial is {@code level_j * a_j}: this recovers each
     * value's level, which must lie in the format's range and, within a sub-block, map to the reference
     * decoder's value by one affine function {@code d*sc*level - min}.
     */
    @ParameterizedTest
    @MethodSource("formats")
    void integerPartialsSeeTheReferenceDecodersLevels(GgmlType type) {
        QuantFormat f = formats.forType(type);
        QuantFormat act = formats.forType(f.vecDotType());
        int cols = 256;
        int sub = switch (type) {
            case Q2_K, Q3_K, Q6_K -> 16;
            default -> 32;
        };
        SplittableRandom rnd = new SplittableRandom(seed ^ (31L * type.id()));
        var dot = GgmlMulMatRoute.VEC_DOT.get(type);
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, f, 1, cols, rnd);
            float[] deq = new float[cols];
            f.dequantizeRow(w.data(), 0, deq, 0, cols);
            int[] levels = new int[cols];
            int[] out = new int[cols];
            float[] x = new float[cols];
            var a = new dev.chord.kernels.scalar.matmul.QuantizedActivations();
            for (int j = 0; j < cols; j++) {
                Arrays.fill(x, 0f);
                x[j] = 1f;
                a.quantize(act, x, 0, 1, cols);
                int count = dot.integerPartials(w.data(), 0, cols, a, 0, out);
                assertEquals(cols / sub, count, type + ": partials per row");
                int q = a.qs[j];
                for (int p = 0; p < count; p++) {
                    if (p != j / sub) {
                        assertEquals(0, out[p], type + " value " + j + ": partial " + p + " should be 0");
                    }
                }
                assertEquals(0, out[j / sub] % q, type + " value " + j + ": partial not a multiple of " + q);
                levels[j] = out[j / sub] / q;
                assertTrue(inRange(type, levels[j]), type + " value " + j + ": level " + levels[j] + " out of range");
            }
            for (int s = 0; s < cols / sub; s++) {
                checkAffine(type, s, sub, levels, deq);
            }
        }
    }

    private static boolean inRange(GgmlType type, int level) {
        return switch (type) {
            case Q4_0 -> level >= -8 && level <= 7;
            case Q4_1, Q4_K -> level >= 0 && level <= 15;
            case Q5_0 -> level >= -16 && level <= 15;
            case Q5_1, Q5_K -> level >= 0 && level <= 31;
            case Q8_0 -> level >= -128 && level <= 127;
            case Q2_K -> level >= 0 && level <= 3;
            case Q3_K -> level >= -4 && level <= 3;
            case Q6_K -> level >= -32 && level <= 31;
            case IQ4_NL, IQ4_XS -> Arrays.stream(Blocks.IQ4NL_LEVELS).anyMatch(v -> v == level);
            default -> false;
        };
    }

    /** Within sub-block s, deq = A*level + B for one A and B (to float rounding of the decoder). */
    private static void checkAffine(GgmlType type, int s, int sub, int[] levels, float[] deq) {
        int from = s * sub;
        int lo = from;
        int hi = from;
        for (int j = from; j < from + sub; j++) {
            if (levels[j] < levels[lo]) {
                lo = j;
            }
            if (levels[j] > levels[hi]) {
                hi = j;
            }
        }
        if (levels[lo] == levels[hi]) {
            return;
        }
        double a = ((double) deq[hi] - deq[lo]) / (levels[hi] - levels[lo]);
        double b = deq[lo] - a * levels[lo];
        double scale = 0;
        for (int j = from; j < from + sub; j++) {
            scale = Math.max(scale, Math.abs(deq[j]));
        }
        for (int j = from; j < from + sub; j++) {
            double err = Math.abs(deq[j] - (a * levels[j] + b));
            assertTrue(err <= 1e-5 * scale, type + " value " + j + ": level " + levels[j] + " decodes to " + deq[j]
                    + ", the sub-block's levels predict " + (a * levels[j] + b));
        }
    }
}
