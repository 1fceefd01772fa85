package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code vector.int8}'s integer partial sums equal a value-by-value scalar computation exactly, at every
 * width, on weights of random bytes (every level and every bit pattern, including the extremes) and on
 * activations with random and extreme q8_K values.
 */
class IntegerPartialsTest {

    private final long seed = Seeds.seed(20261127L);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[] {128, 256, 0}) {
            for (GgmlType t : VectorFormats.INT8) {
                if (t.blockSize() == 256) {
                    out.add(Arguments.of(bits, t));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} at {0} bits (0 = preferred)")
    @MethodSource("cases")
    void partialsAreExact(int bits, GgmlType type) {
        int width = bits == 0 ? VectorConfig.preferredBits() : bits;
        Assumptions.assumeTrue(width <= VectorConfig.preferredBits(), width + "-bit vectors cannot run here");
        Int8RowDot dot = VectorDots.int8(VectorConfig.of(width)).get(type);
        SplittableRandom rnd = new SplittableRandom(seed ^ type.id() ^ bits);
        int rows = 3;
        int cols = 256 * 3;
        long rowBytes = type.bytesFor(cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(rowBytes * rows);
            for (long i = 0; i < w.byteSize(); i++) {
                w.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
            }
            // row 2: every byte 0xFF (top levels, all high bits set)
            w.asSlice(2 * rowBytes, rowBytes).fill((byte) -1);
            float[] x = new float[2 * cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) rnd.nextGaussian();
                x[cols + i] = i % 2 == 0 ? 1f : -1f; // q8_K levels of +-127
            }
            QuantizedActivations a = new QuantizedActivations();
            a.quantize(QuantFormats.defaults().forType(GgmlType.Q8_K), x, 0, 2, cols);
            int[] got = new int[16 * (cols / 256)];
            for (int r = 0; r < rows; r++) {
                for (int aRow = 0; aRow < 2; aRow++) {
                    int[] want = ReferencePartials.of(type, w, r * rowBytes, cols, a, aRow);
                    Arrays.fill(got, Integer.MIN_VALUE);
                    int n = dot.integerPartials(w, r * rowBytes, cols, a, aRow, got);
                    assertEquals(want.length, n, type + ": partials written");
                    int row = r;
                    int act = aRow;
                    assertArrayEquals(want, Arrays.copyOf(got, n),
                            () -> Seeds.replay(seed) + type + " weight row " + row + " activation row " + act + " at " + width + " bits");
                }
            }
        }
    }
}
