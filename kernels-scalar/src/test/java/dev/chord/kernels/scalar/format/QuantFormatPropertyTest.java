package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.NonFiniteValueException;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.format.RoundTripBounds.Bound;
import dev.chord.kernels.scalar.format.RowGenerator.Distribution;
import dev.chord.kernels.scalar.format.RowGenerator.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties every registered {@link QuantFormat} must hold, on seeded random rows of whole blocks
 * ({@link RowGenerator}); a failing row is shrunk to the fewest blocks that still fail
 * ({@link BlockShrinker}) and reported with the seed ({@code -Dchord.seed=N} replays it).
 *
 * <p>Generic over the registry, so formats added later are covered without touching this class; a type
 * without a derived entry in {@link RoundTripBounds} gets only the sanity bound there.
 */
class QuantFormatPropertyTest {

    private static final long DEFAULT_SEED = 0x5EED_C0DEL;
    private static final int ROWS_PER_DISTRIBUTION = 24;
    private static final int MAX_BLOCKS = 6;

    /**
     * Types for which {@code dequantize(quantize(y)) == y} whenever y is itself a decoded row, and why the
     * published algorithm guarantees it. Not in this table: q4_1 and q5_1 (a decoded value {@code q·D + M}
     * is rounded to float, so the re-derived scale {@code (max - min)/15} can land one fp16 step away) and
     * iq4_nl (its scale is a least-squares fit, which need not reproduce D).
     */
    static final Map<GgmlType, String> IDEMPOTENT = new EnumMap<>(Map.of(
            GgmlType.F32, "identity",
            GgmlType.F16, "every binary16 value converts to a float and back to itself",
            GgmlType.BF16, "every bfloat16 value converts to a float and back to itself",
            GgmlType.Q4_0, "the largest magnitude decodes to exactly -8·D, so re-encoding derives d = D and the same integers",
            GgmlType.Q5_0, "the largest magnitude decodes to exactly -16·D, so re-encoding derives d = D and the same integers",
            GgmlType.Q8_0, "127·D is exact in float (7 + 11 significant bits), 127·D/127 = D, and q·D·(1/D) stays within 1/2 of q",
            GgmlType.Q8_1, "as q8_0; s is a function of d and the integers",
            GgmlType.MXFP4, "decoded values are exact level·2^k with the largest 8 or 12 levels up, so floor(log2) and each level are found again",
            GgmlType.TQ2_0, "decoded values are {-D, 0, D}, so re-encoding derives d = D and the same codes"));

    private static final QuantFormats FORMATS = QuantFormats.defaults();

    /** Every registered format, named by its ggml type. */
    static Stream<Arguments> formats() {
        return FORMATS.registry().available().stream()
                .sorted(java.util.Comparator.comparingInt(f -> f.type().id()))
                .map(f -> Arguments.of(Named.of(f.type().ggmlName(), f)));
    }

    static Stream<Arguments> quantizers() {
        return formats().filter(a -> ((QuantFormat) ((Named<?>) a.get()[0]).getPayload()).canQuantize());
    }

    /** Which of the two quantizers a property exercises. */
    enum Quantizer {
        REFERENCE, ACTIVATION;

        void quantize(QuantFormat f, float[] x, MemorySegment dst) {
            if (this == REFERENCE) {
                f.quantizeRow(x, 0, dst, 0, x.length);
            } else {
                f.quantizeActivationRow(x, 0, dst, 0, x.length);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void roundTripStaysWithinTheTypesBound(QuantFormat f) {
        long seed = Seeds.seed(DEFAULT_SEED);
        RowGenerator gen = new RowGenerator(seed + f.type().id());
        int block = f.type().blockSize();
        for (Distribution d : Distribution.values()) {
            for (int r = 0; r < ROWS_PER_DISTRIBUTION; r++) {
                Row row = gen.row(d, block * gen.blocks(MAX_BLOCKS));
                for (Quantizer q : Quantizer.values()) {
                    Optional<String> v = boundViolation(f, q, row.values());
                    if (v.isPresent()) {
                        float[] small = BlockShrinker.smallestFailing(row.values(), block,
                                x -> boundViolation(f, q, x).isPresent());
                        fail(Seeds.replay(seed) + f.name() + " " + q + " on " + row.description() + ": "
                                + boundViolation(f, q, small).orElse(v.get()) + "; bound: "
                                + RoundTripBounds.of(f.type()).source() + "; smallest failing row ("
                                + small.length / block + " of " + row.values().length / block + " blocks): "
                                + Arrays.toString(small));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void decodedRowsAreFixedPointsWhereTheFormatGuaranteesIt(QuantFormat f) {
        String why = IDEMPOTENT.get(f.type());
        Assumptions.assumeTrue(why != null, f.name() + ": re-encoding a decoded row is not guaranteed to reproduce it");
        long seed = Seeds.seed(DEFAULT_SEED);
        RowGenerator gen = new RowGenerator(seed ^ f.type().id());
        int block = f.type().blockSize();
        for (Distribution d : Distribution.values()) {
            for (int r = 0; r < ROWS_PER_DISTRIBUTION; r++) {
                Row row = gen.row(d, block * gen.blocks(MAX_BLOCKS));
                float[] once = roundTrip(f, Quantizer.REFERENCE, row.values());
                Optional<String> v = idempotenceViolation(f, once);
                if (v.isPresent()) {
                    float[] small = BlockShrinker.smallestFailing(once, block, y -> idempotenceViolation(f, y).isPresent());
                    fail(Seeds.replay(seed) + f.name() + " (" + why + ") on decoded " + row.description() + ": "
                            + idempotenceViolation(f, small).orElse(v.get()) + "; smallest decoded row: "
                            + Arrays.toString(small));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void zerosDecodeToZeros(QuantFormat f) {
        float[] zeros = new float[f.type().blockSize() * 3];
        for (Quantizer q : Quantizer.values()) {
            float[] y = roundTrip(f, q, zeros);
            for (int i = 0; i < y.length; i++) {
                assertEquals(0f, y[i], 0f, f.name() + " " + q + ": zero at " + i + " decodes to " + y[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void constantBlocksDecodeToOneValueNearTheConstant(QuantFormat f) {
        int n = f.type().blockSize() * 2;
        Bound bound = RoundTripBounds.of(f.type());
        for (float c : new float[] {1f, -1f, 0.5f, -3.25f, 1000f, 1e-3f, -7e-5f, 3e4f, 1e-30f}) {
            for (Quantizer q : Quantizer.values()) {
                float[] y = roundTrip(f, q, RowGenerator.constant(n, c).values());
                for (int i = 0; i < n; i++) {
                    assertEquals(y[i - i % f.type().blockSize()], y[i], 0f,
                            f.name() + " " + q + ": constant " + c + " decodes to different values within a block at " + i);
                    double err = Math.abs((double) y[i] - c);
                    assertTrue(err <= bound.allowed(c, Math.abs(c)),
                            f.name() + " " + q + ": constant " + c + " decodes to " + y[i] + ", error " + err);
                }
            }
        }
    }

    /**
     * An outlier changes only its own block's bytes (ggml scales each block on its own), and the block's
     * largest magnitude decodes within the type's {@code maxMagnitude} bound.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void anOutlierOnlyAffectsItsOwnBlock(QuantFormat f) {
        long seed = Seeds.seed(DEFAULT_SEED);
        RowGenerator gen = new RowGenerator(seed * 31 + f.type().id());
        int block = f.type().blockSize();
        int n = block * Math.max(4, 128 / block);
        Bound bound = RoundTripBounds.of(f.type());
        for (int trial = 0; trial < 8; trial++) {
            int at = gen.nextInt(n);
            float outlier = trial % 2 == 0 ? 1000f : -1000f;
            Row row = gen.outlier(n, 0.01, at, outlier);
            float[] plain = row.values().clone();
            plain[at] = 0f;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment withOutlier = quantize(f, Quantizer.REFERENCE, row.values(), arena);
                MemorySegment without = quantize(f, Quantizer.REFERENCE, plain, arena);
                int bb = f.type().blockBytes();
                int outlierBlock = at / block;
                for (int b = 0; b < n / block; b++) {
                    if (b != outlierBlock) {
                        long m = withOutlier.asSlice((long) b * bb, bb).mismatch(without.asSlice((long) b * bb, bb));
                        assertEquals(-1, m, Seeds.replay(seed) + f.name() + ": outlier at " + at + " (block " + outlierBlock
                                + ") changed byte " + m + " of block " + b);
                    }
                }
                float[] y = new float[n];
                f.dequantizeRow(withOutlier, 0, y, 0, n);
                double err = Math.abs((double) y[at] - outlier);
                double allowed = bound.maxMagnitude() * Math.abs(outlier) * (1 + RoundTripBounds.SLACK) + bound.absolute();
                assertTrue(err <= allowed, Seeds.replay(seed) + f.name() + ": outlier " + outlier + " decodes to " + y[at]
                        + ", error " + err + " > " + allowed + " (" + bound.source() + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void nonFiniteValuesAreRefusedWithTheirIndexOrKept(QuantFormat f) {
        long seed = Seeds.seed(DEFAULT_SEED);
        RowGenerator gen = new RowGenerator(seed + 7 * f.type().id());
        int n = f.type().blockSize() * 3;
        boolean represents = f.type().kind() == GgmlType.Kind.FLOAT;
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (Quantizer q : Quantizer.values()) {
                float[] x = gen.row(Distribution.NORMAL, n).values();
                int at = gen.nextInt(n);
                x[at] = bad;
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment dst = arena.allocate(f.type().bytesFor(n));
                    dst.fill((byte) 0x5A);
                    if (represents) {
                        q.quantize(f, x, dst);
                        float[] y = new float[n];
                        f.dequantizeRow(dst, 0, y, 0, n);
                        assertEquals(Float.isNaN(bad), Float.isNaN(y[at]), f.name() + " " + q + ": " + bad + " decodes to " + y[at]);
                        if (!Float.isNaN(bad)) {
                            assertEquals(bad, y[at], f.name() + " " + q + ": " + bad + " decodes to " + y[at]);
                        }
                    } else {
                        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> q.quantize(f, x, dst),
                                f.name() + " " + q + " accepted " + bad + " at " + at);
                        assertEquals(at, e.index(), f.name() + ": " + e.getMessage());
                        assertTrue(e.getMessage().contains("index " + at), e.getMessage());
                        for (long i = 0; i < dst.byteSize(); i++) {
                            assertEquals((byte) 0x5A, dst.get(ValueLayout.JAVA_BYTE, i),
                                    f.name() + " " + q + " wrote byte " + i + " before refusing " + bad);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void rowsThatAreNotWholeBlocksOrDoNotFitAreRefused(QuantFormat f) {
        int block = f.type().blockSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(f.type().bytesFor(block));
            float[] x = new float[block];
            if (block > 1) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> f.dequantizeRow(seg, 0, x, 0, block - 1));
                assertTrue(e.getMessage().contains(f.name()), e.getMessage());
            }
            assertThrows(IndexOutOfBoundsException.class, () -> f.dequantizeRow(seg, 1, x, 0, block));
            assertThrows(IndexOutOfBoundsException.class, () -> f.dequantizeRow(seg, 0, x, 1, block));
            if (f.canQuantize()) {
                assertThrows(IndexOutOfBoundsException.class, () -> f.quantizeRow(x, 0, seg, 1, block));
                assertThrows(IndexOutOfBoundsException.class, () -> f.quantizeActivationRow(new float[block * 2], 0, seg, 0, block * 2));
            }
        }
    }

    // ---- helpers

    static float[] roundTrip(QuantFormat f, Quantizer q, float[] x) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = quantize(f, q, x, arena);
            float[] y = new float[x.length];
            f.dequantizeRow(bytes, 0, y, 0, x.length);
            return y;
        }
    }

    private static MemorySegment quantize(QuantFormat f, Quantizer q, float[] x, Arena arena) {
        MemorySegment bytes = arena.allocate(f.type().bytesFor(x.length));
        q.quantize(f, x, bytes);
        return bytes;
    }

    /** The first value whose round-trip error exceeds the type's bound, described; empty if none. */
    static Optional<String> boundViolation(QuantFormat f, Quantizer q, float[] x) {
        float[] y = roundTrip(f, q, x);
        Bound bound = RoundTripBounds.of(f.type());
        int block = f.type().blockSize();
        for (int b = 0; b < x.length; b += block) {
            float amax = 0;
            int amaxAt = b;
            for (int i = b; i < b + block; i++) {
                if (Math.abs(x[i]) > amax) {
                    amax = Math.abs(x[i]);
                    amaxAt = i;
                }
            }
            for (int i = b; i < b + block; i++) {
                double err = Math.abs((double) x[i] - y[i]);
                double allowed = bound.allowed(x[i], amax);
                if (!(err <= allowed)) {
                    return Optional.of(String.format(Locale.ROOT, "value %d (block %d, amax %s) %s decodes to %s: "
                            + "error %.4g > %.4g = %.4g amax", i, b / block, amax, x[i], y[i], err, allowed, err / amax));
                }
            }
            double maxErr = Math.abs((double) x[amaxAt] - y[amaxAt]);
            double maxAllowed = bound.maxMagnitude() * amax * (1 + RoundTripBounds.SLACK) + bound.absolute();
            if (!(maxErr <= maxAllowed)) {
                return Optional.of(String.format(Locale.ROOT, "largest magnitude %s (value %d) decodes to %s: error %.4g > %.4g",
                        x[amaxAt], amaxAt, y[amaxAt], maxErr, maxAllowed));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> idempotenceViolation(QuantFormat f, float[] decoded) {
        float[] again = roundTrip(f, Quantizer.REFERENCE, decoded);
        for (int i = 0; i < decoded.length; i++) {
            // numeric equality: a zero may come back as -0 (0 times a negative scale) and that is the same value
            if (!(again[i] == decoded[i])) {
                return Optional.of("value " + i + " " + decoded[i] + " re-encodes to " + again[i]);
            }
        }
        return Optional.empty();
    }
}
