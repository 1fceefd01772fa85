package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Fixtures;
import dev.chord.api.tensor.TensorView;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The K-quant and IQ4_XS formats against llama.cpp's own output ({@code ../shared/fixtures/quant}): each
 * file holds 16 rows of 512 values chosen to stress a quantizer (zeros, constants, tiny and huge scales,
 * an outlier, per-32 scales over orders of magnitude), ggml's bytes for them, ggml's decoded floats, and
 * an activation vector with its q8_K form as the x86 CPU backend makes it.
 */
class KQuantFixtureTest {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One fixture file, read into arrays. */
    private record Fixture(String type, GgmlType ggmlType, GgmlType vecDotType, String[] rowNames, int rows, int cols,
                           float[] source, MemorySegment quantized, float[] dequantized, float[] x,
                           MemorySegment xForVecDot) {

        String row(int r) {
            return "row " + r + (r < rowNames.length ? " (" + rowNames[r] + ")" : "");
        }
    }

    private static Fixture load(String type, Arena arena) throws IOException {
        try (GgufFile f = GgufFile.open(Fixtures.quant(type))) {
            TensorView source = f.tensor("source");
            TensorView quantized = f.tensor("quantized");
            assertEquals(type, f.metadata().getString("fixture.type"));
            int cols = (int) source.dim(0);
            int rows = (int) source.dim(1);
            boolean hasX = f.findTensor("x").isPresent();
            return new Fixture(type, quantized.type(),
                    f.metadata().find("fixture.vec_dot_type").map(v -> GgmlType.byId((int) v.asLong()).orElseThrow()).orElse(null),
                    rowNames(f),
                    rows, cols,
                    floats(f.tensor("source")),
                    copy(quantized.data(), arena),
                    floats(f.tensor("dequantized")),
                    hasX ? floats(f.tensor("x")) : null,
                    hasX ? copy(f.tensor("x_for_vec_dot").data(), arena) : null);
        }
    }

    /** {@code fixture.rows}: a string array, or one string with a line per row. */
    private static String[] rowNames(GgufFile f) {
        return f.metadata().find("fixture.rows")
                .map(v -> v.type() == GgufValueType.ARRAY ? v.asArray().strings() : v.asString().split("\n"))
                .orElse(new String[0]);
    }

    private static float[] floats(TensorView t) {
        assertEquals(GgmlType.F32, t.type(), t.name());
        float[] out = new float[(int) t.elementCount()];
        MemorySegment.copy(t.data(), F32, 0, out, 0, out.length);
        return out;
    }

    private static MemorySegment copy(MemorySegment s, Arena arena) {
        MemorySegment c = arena.allocate(s.byteSize());
        c.copyFrom(s);
        return c;
    }

    private static QuantFormat format(GgmlType type) {
        // through ServiceLoader, so the registration is tested too
        return QuantFormats.defaults().forType(type);
    }

    // Decoding, encoding and activation quantization against the fixtures are checked for every type by
    // FixtureConformanceTest; this class keeps the K-quant layout facts.

    @Test
    void blockLayoutsFillGgmlsBlockSizes() {
        // each layout's last field ends where ggml-common.h's struct ends
        assertLayout(GgmlType.Q2_K, Q2_KFormat.BLOCK_BYTES, Q2_KFormat.DMIN + 2);
        assertEquals(Q2_KFormat.QS + 64, Q2_KFormat.D);
        assertLayout(GgmlType.Q3_K, Q3_KFormat.BLOCK_BYTES, Q3_KFormat.D + 2);
        assertEquals(Q3_KFormat.QS + 64, Q3_KFormat.SCALES);
        assertEquals(Q3_KFormat.SCALES + 12, Q3_KFormat.D);
        assertLayout(GgmlType.Q4_K, Q4_KFormat.BLOCK_BYTES, Q4_KFormat.QS + 128);
        assertEquals(ScaleMinBlocks.SCALES + 12, Q4_KFormat.QS);
        assertLayout(GgmlType.Q5_K, Q5_KFormat.BLOCK_BYTES, Q5_KFormat.QS + 128);
        assertEquals(Q5_KFormat.QH + 32, Q5_KFormat.QS);
        assertLayout(GgmlType.Q6_K, Q6_KFormat.BLOCK_BYTES, Q6_KFormat.D + 2);
        assertEquals(Q6_KFormat.QH + 64, Q6_KFormat.SCALES);
        assertLayout(GgmlType.Q8_K, Q8_KFormat.BLOCK_BYTES, Q8_KFormat.BSUMS + 32);
        assertEquals(Q8_KFormat.QS + 256, Q8_KFormat.BSUMS);
        assertLayout(GgmlType.IQ4_XS, IQ4_XSFormat.BLOCK_BYTES, IQ4_XSFormat.QS + 128);
        assertEquals(IQ4_XSFormat.SCALES_L + 4, IQ4_XSFormat.QS);
    }

    private static void assertLayout(GgmlType type, int declared, int endOfLastField) {
        assertEquals(type.blockBytes(), declared, type + " block bytes");
        assertEquals(declared, endOfLastField, type + " fields end at the block size");
        assertEquals(type, format(type).type(), type + " registered");
    }
}
