package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.NonFiniteValueException;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded properties of the K-quant and IQ4_XS formats that the fixtures' 16 rows do not pin down: ggml's
 * own round-trip bounds (test-quantize-fns.cpp), and edge cases of the super-block scale packing. Errors
 * are measured in double precision against the input. A failing row is shrunk to the first super-block
 * that fails on its own; the message names the seed that replays it ({@code -Dchord.seed=N}).
 */
class KQuantPropertyTest {

    private static final int QK_K = 256;

    /** The super-block types of this package, with the bits of their levels. */
    enum Kind {
        Q2_K(GgmlType.Q2_K, 2, 16, 4), Q3_K(GgmlType.Q3_K, 3, 16, 0), Q4_K(GgmlType.Q4_K, 4, 32, 6),
        Q5_K(GgmlType.Q5_K, 5, 32, 6), Q6_K(GgmlType.Q6_K, 6, 16, 0), Q8_K(GgmlType.Q8_K, 8, QK_K, 0),
        IQ4_XS(GgmlType.IQ4_XS, 4, 32, 0);

        final GgmlType type;
        final int bits;
        /** Values sharing one scale. */
        final int subBlock;
        /** Bits of each sub-block's quantized min, 0 for the symmetric types that have none. */
        final int minBits;

        Kind(GgmlType type, int bits, int subBlock, int minBits) {
            this.type = type;
            this.bits = bits;
            this.subBlock = subBlock;
            this.minBits = minBits;
        }

        QuantFormat format() {
            return QuantFormats.defaults().forType(type);
        }

        /**
         * One step of a uniform grid of 2^bits levels over [-1, 1], relative to the block's max |x|
         * (q8_K uses only the 255 levels -127..127).
         */
        double relativeStep() {
            return this == Q8_K ? 1.0 / 127 : 2.0 / ((1 << bits) - 1);
        }

        /**
         * ggml's test-quantize-fns.cpp bounds: MAX_QUANTIZATION_TOTAL_ERROR_2BITS for q2_K, _3BITS for
         * q3_K, MAX_QUANTIZATION_TOTAL_ERROR for the others.
         */
        double ggmlTotalErrorBound() {
            return switch (this) {
                case Q2_K -> 0.0075;
                case Q3_K -> 0.0040;
                default -> 0.002;
            };
        }
    }

    private static float[] roundTrip(QuantFormat f, float[] x) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment q = arena.allocate(f.type().bytesFor(x.length));
            f.quantizeRow(x, 0, q, 0, x.length);
            float[] y = new float[x.length];
            f.dequantizeRow(q, 0, y, 0, x.length);
            return y;
        }
    }

    /**
     * Checks {@code property(input, decoded)} (null when it holds, else why not) on a row; on failure,
     * shrinks to the first single super-block that fails alone and reports it with the seed.
     */
    private static void check(Kind kind, long seed, String what, float[] x, BiFunction<float[], float[], String> property) {
        QuantFormat f = kind.format();
        String why = property.apply(x, roundTrip(f, x));
        if (why == null) {
            return;
        }
        for (int b = 0; b < x.length / QK_K; b++) {
            float[] block = Arrays.copyOfRange(x, b * QK_K, (b + 1) * QK_K);
            String blockWhy = property.apply(block, roundTrip(f, block));
            if (blockWhy != null) {
                fail(Seeds.replay(seed) + kind + " " + what + ": super-block " + b + " alone fails: " + blockWhy
                        + "\n  input: " + Arrays.toString(block));
            }
        }
        fail(Seeds.replay(seed) + kind + " " + what + ": row fails (no single super-block does): " + why);
    }

    private static double maxAbs(float[] a, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    /** ggml's test-quantize-fns metric: sqrt(sum of squared differences) / n. */
    private static double ggmlTotalError(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum) / a.length;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void meetsGgmlsTestQuantizeFnsBound(Kind kind) {
        long seed = Seeds.seed(0x5eed_0001L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 4; trial++) {
            // ggml's generate_data: 0.1 + 2*cos(i + offset) over 32*128 values; ggml itself uses offset 0
            float offset = trial == 0 ? 0f : (float) rnd.nextDouble(0, 100);
            float[] x = new float[32 * 128];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.1 + 2 * Math.cos(i + offset)); // i + offset is a float sum, as in ggml
            }
            float[] y = roundTrip(kind.format(), x);
            double err = ggmlTotalError(x, y);
            assertTrue(err < kind.ggmlTotalErrorBound(), Seeds.replay(seed) + kind + " offset " + offset
                    + ": ggml's total quantization error " + err + " >= its bound " + kind.ggmlTotalErrorBound());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void zerosDecodeToZero(Kind kind) {
        float[] y = roundTrip(kind.format(), new float[2 * QK_K]);
        for (int i = 0; i < y.length; i++) {
            assertEquals(0.0, y[i], 0.0, kind + " value " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void constantsKeepFp16Precision(Kind kind) {
        long seed = Seeds.seed(0x5eed_0002L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 40; trial++) {
            // |c| >= 0.5 keeps the fp16 super-scale normal for every type: the smallest is q6_K's c/(128*32)
            // (below 2^-14 fp16 turns subnormal and loses relative precision)
            float c = (float) ((rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble(-0.3, 3)));
            float[] x = new float[QK_K];
            Arrays.fill(x, c);
            check(kind, seed, "constant " + c, x, (in, out) -> {
                for (int i = 0; i < in.length; i++) {
                    // one fp16 rounding of the super-block scale (2^-11) plus float arithmetic
                    if (Math.abs(out[i] - (double) in[i]) > 0x1p-10 * Math.abs(in[i])) {
                        return "value " + i + " decodes to " + out[i];
                    }
                }
                return null;
            });
        }
    }

    /** Gaussian values with sigma {@code scale}, or a sign-flipped |x| if {@code negative}. */
    private static float[] gaussian(SplittableRandom rnd, int n, double scale, boolean negative) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double g = gauss(rnd) * scale;
            x[i] = (float) (negative ? -Math.abs(g) - scale * 0.5 : g);
        }
        return x;
    }

    private static double gauss(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * RMSE relative to the largest |x| is at most half a step of a uniform grid of 2^bits levels over
     * [-max|x|, max|x|]: what rounding to the nearest level of such a grid guarantees.
     */
    private static String withinHalfAGridStep(Kind kind, float[] in, float[] out) {
        double sum = 0;
        for (int i = 0; i < in.length; i++) {
            double d = out[i] - (double) in[i];
            sum += d * d;
        }
        double rel = Math.sqrt(sum / in.length) / maxAbs(in, 0, in.length);
        double bound = kind.relativeStep() / 2;
        return rel <= bound ? null : "RMSE/max|x| " + rel + " > " + bound;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void allNegativeBlocksKeepGridAccuracy(Kind kind) {
        long seed = Seeds.seed(0x5eed_0003L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            float[] x = gaussian(rnd, 2 * QK_K, Math.pow(10, rnd.nextDouble(-3, 2)), true);
            // (a value near zero may decode slightly positive: ggml's least-squares fit of scale and min
            // can put the top level above the block's max)
            check(kind, seed, "all-negative row", x, (in, out) -> withinHalfAGridStep(kind, in, out));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneHugeValueKeepsItsMagnitude(Kind kind) {
        long seed = Seeds.seed(0x5eed_0004L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            float[] x = gaussian(rnd, QK_K, 0.01, false);
            int at = rnd.nextInt(QK_K);
            x[at] = (float) ((rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble(100, 1000));
            check(kind, seed, "outlier at " + at, x, (in, out) -> {
                double rel = Math.abs(out[at] - (double) in[at]) / Math.abs(in[at]);
                if (rel > kind.relativeStep() / 2) {
                    return "outlier " + in[at] + " decodes to " + out[at] + " (relative error " + rel + ")";
                }
                return withinHalfAGridStep(kind, in, out);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void zeroSubBlocksStayZeroBesideLargeOnes(Kind kind) {
        long seed = Seeds.seed(0x5eed_0005L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            float[] x = gaussian(rnd, QK_K, Math.pow(10, rnd.nextDouble(-2, 3)), rnd.nextBoolean());
            boolean[] zero = new boolean[QK_K / 16];
            for (int j = 0; j < zero.length; j++) {
                zero[j] = rnd.nextInt(3) == 0;
                if (zero[j]) {
                    Arrays.fill(x, 16 * j, 16 * j + 16, 0f);
                }
            }
            check(kind, seed, "zero sub-blocks " + Arrays.toString(zero), x, (in, out) -> {
                for (int j = 0; j < zero.length; j++) {
                    // 16 is the smallest sub-block of any of these types; q4_K's 32-value ones need both halves zero
                    boolean wholeSubBlock = kind.type == GgmlType.Q2_K || kind.type == GgmlType.Q3_K
                            || kind.type == GgmlType.Q6_K || kind.type == GgmlType.Q8_K || zero[j ^ 1];
                    if (zero[j] && wholeSubBlock) {
                        for (int i = 16 * j; i < 16 * j + 16; i++) {
                            if (out[i] != 0) {
                                return "value " + i + " of an all-zero sub-block decodes to " + out[i];
                            }
                        }
                    }
                }
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void subBlocksOverOrdersOfMagnitudeStayWithinTheirRange(Kind kind) {
        long seed = Seeds.seed(0x5eed_0006L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            float[] x = new float[2 * QK_K];
            for (int j = 0; j < x.length / kind.subBlock; j++) {
                double scale = Math.pow(10, rnd.nextDouble(-4, 3));
                for (int i = 0; i < kind.subBlock; i++) {
                    x[kind.subBlock * j + i] = (float) (gauss(rnd) * scale);
                }
            }
            check(kind, seed, "sub-block scales over 7 decades", x, (in, out) -> {
                double blockMax = maxAbs(in, 0, in.length);
                // Beside a much larger sub-block, a small one can lose its scale entirely (ggml then keeps
                // only its quantized min), so each value stays within its sub-block's range [-max, max]
                // widened by half a step of the min's quantization against the block's largest min.
                double minStep = kind.minBits == 0 ? 0 : blockMax / ((1 << kind.minBits) - 1);
                for (int j = 0; j < in.length / kind.subBlock; j++) {
                    double amax = maxAbs(in, kind.subBlock * j, kind.subBlock * (j + 1));
                    double bound = (2 * amax + minStep / 2) * (1 + 1e-5);
                    for (int i = kind.subBlock * j; i < kind.subBlock * (j + 1); i++) {
                        if (Math.abs(out[i] - (double) in[i]) > bound) {
                            return "value " + i + " = " + in[i] + " decodes to " + out[i] + "; its sub-block's max |x| is "
                                    + amax + ", the block's " + blockMax;
                        }
                    }
                }
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nonFiniteInputIsRejectedBeforeAnythingIsWritten(Kind kind) {
        long seed = Seeds.seed(0x5eed_0007L);
        SplittableRandom rnd = new SplittableRandom(seed);
        QuantFormat f = kind.format();
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] x = gaussian(rnd, 2 * QK_K, 1, false);
            int at = rnd.nextInt(x.length);
            x[at] = bad;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment q = arena.allocate(f.type().bytesFor(x.length));
                q.fill((byte) 0x5A);
                NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> f.quantizeRow(x, 0, q, 0, x.length));
                assertEquals(at, e.index(), Seeds.replay(seed) + kind + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(kind.type.ggmlName()), e.getMessage());
                for (long i = 0; i < q.byteSize(); i++) {
                    assertEquals((byte) 0x5A, q.get(ValueLayout.JAVA_BYTE, i), kind + ": byte " + i + " written before the check");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rejectsPartialBlocksAndShortBuffers(Kind kind) {
        QuantFormat f = kind.format();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment q = arena.allocate(f.type().blockBytes());
            assertThrows(IllegalArgumentException.class, () -> f.quantizeRow(new float[300], 0, q, 0, 300));
            assertThrows(IndexOutOfBoundsException.class, () -> f.quantizeRow(new float[512], 0, q, 0, 512));
            assertThrows(IndexOutOfBoundsException.class, () -> f.dequantizeRow(q, 1, new float[256], 0, 256));
            assertThrows(IndexOutOfBoundsException.class, () -> f.dequantizeRow(q, 0, new float[255], 0, 256));
        }
    }

    @Test
    void q8KBlockSumsAreTheSumsOfItsLevels() {
        long seed = Seeds.seed(0x5eed_0008L);
        SplittableRandom rnd = new SplittableRandom(seed);
        QuantFormat f = Kind.Q8_K.format();
        ValueLayout.OfShort i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int trial = 0; trial < 20; trial++) {
            float[] x = gaussian(rnd, 2 * QK_K, Math.pow(10, rnd.nextDouble(-3, 3)), rnd.nextBoolean());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment q = arena.allocate(f.type().bytesFor(x.length));
                f.quantizeActivationRow(x, 0, q, 0, x.length);
                for (int b = 0; b < 2; b++) {
                    long base = (long) b * Q8_KFormat.BLOCK_BYTES;
                    int extreme = 0;
                    for (int j = 0; j < 16; j++) {
                        int sum = 0;
                        for (int i = 0; i < 16; i++) {
                            int level = q.get(ValueLayout.JAVA_BYTE, base + Q8_KFormat.QS + 16 * j + i);
                            sum += level;
                            extreme = Math.max(extreme, Math.abs(level));
                        }
                        assertEquals(sum, q.get(i16, base + Q8_KFormat.BSUMS + 2 * j), Seeds.replay(seed) + "bsums[" + j + "] of block " + b);
                    }
                    // the largest |x| maps to level -127 or 127: q8_K uses its whole range
                    assertEquals(127, extreme, Seeds.replay(seed) + "block " + b);
                }
            }
        }
    }
}
