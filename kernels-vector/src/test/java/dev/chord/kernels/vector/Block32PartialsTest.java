package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * vector.int8's integer partials for the 32-value block formats (one sum per block: levels times q8_0/q8_1
 * values, before any scale) equal a plain loop over ggml-common.h's layouts, at every vector width.
 */
class Block32PartialsTest {

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** ggml-common.h kvalues_iq4nl, written out here so the oracle does not share the kernel's table. */
    private static final int[] IQ4_NL = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private final long seed = Seeds.seed(20261126L);

    static Stream<Arguments> formatsAndWidths() {
        Assumptions.assumeTrue(VectorSupport.decision().available(), () -> VectorSupport.decision().unavailableReason());
        int preferred = VectorConfig.preferredBits();
        return Stream.of(GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.IQ4_NL)
                .flatMap(t -> IntStream.of(128, 256, 512).filter(b -> b <= preferred).mapToObj(b -> Arguments.of(t, b)));
    }

    /**
     * The integer sums per block, before any scale, against a plain loop over the layout (ggml-common.h) on
     * random block bytes (every bit pattern, q8_0's -128 included), in rows after the first of a batch.
     */
    @ParameterizedTest
    @MethodSource("formatsAndWidths")
    void integerPartialsEqualAPlainScalarSum(GgmlType type, int bits) {
        int blocks = 11;
        int cols = 32 * blocks;
        int rows = 3;
        int batch = 5;
        SplittableRandom rnd = new SplittableRandom(seed ^ type.id());
        long blockBytes = type.blockBytes();
        MemorySegment w = MemorySegment.ofArray(new byte[(int) (rows * blocks * blockBytes)]);
        for (long i = 0; i < w.byteSize(); i++) {
            w.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
        }
        // edge blocks in row 0: all bits set, 0x80 bytes (q8_0's -128), all zero
        fillBlock(w, 0, blockBytes, (byte) 0xFF);
        fillBlock(w, blockBytes, blockBytes, (byte) 0x80);
        fillBlock(w, 2 * blockBytes, blockBytes, (byte) 0);
        for (int b = 0; b < rows * blocks; b++) {  // finite scales (the sums do not depend on them)
            w.set(HALF, b * blockBytes, Float.floatToFloat16(0.01f));
            w.set(HALF, b * blockBytes + 2, Float.floatToFloat16(-0.5f));
        }
        float[] x = KernelVerifier.gaussian(rnd, batch * cols, 3.0);
        QuantFormats formats = QuantFormats.defaults();
        QuantizedActivations a = new QuantizedActivations();
        a.quantize(formats.forType(formats.forType(type).vecDotType()), x, 0, batch, cols);

        Int8RowDot dot = VectorDots.int8(VectorConfig.of(bits)).get(type);
        int[] got = new int[blocks];
        for (int r = 0; r < rows; r++) {
            for (int aRow : new int[] {0, batch - 1}) {
                long rowOffset = r * blocks * blockBytes;
                int n = dot.integerPartials(w, rowOffset, cols, a, aRow, got);
                assertEquals(blocks, n);
                int[] expected = new int[blocks];
                for (int k = 0; k < blocks; k++) {
                    for (int j = 0; j < 32; j++) {
                        expected[k] += level(type, w, rowOffset + k * blockBytes, j) * a.qs[aRow * cols + k * 32 + j];
                    }
                }
                assertEquals(Arrays.toString(expected), Arrays.toString(got),
                        Seeds.replay(seed) + type + " at " + bits + " bits, weight row " + r + ", activation row " + aRow);
            }
        }
    }

    private static void fillBlock(MemorySegment w, long at, long bytes, byte value) {
        w.asSlice(at, bytes).fill(value);
    }

    /** Value j's integer level as it enters ggml's product (see the kernel brief's table). */
    private static int level(GgmlType type, MemorySegment w, long at, int j) {
        return switch (type) {
            case Q4_0 -> nibble(w, at + 2, j) - 8;
            case Q4_1 -> nibble(w, at + 4, j);
            case Q5_0 -> (nibble(w, at + 6, j) | fifthBit(w, at + 2, j)) - 16;
            case Q5_1 -> nibble(w, at + 8, j) | fifthBit(w, at + 4, j);
            case Q8_0 -> w.get(ValueLayout.JAVA_BYTE, at + 2 + j);
            case IQ4_NL -> IQ4_NL[nibble(w, at + 2, j)];
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static int nibble(MemorySegment w, long qs, int j) {
        int b = w.get(ValueLayout.JAVA_BYTE, qs + j % 16) & 0xFF;
        return j < 16 ? b & 0x0F : b >>> 4;
    }

    private static int fifthBit(MemorySegment w, long qh, int j) {
        return ((w.get(INT, qh) >>> j) & 1) << 4;
    }
}
