package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.kernels.scalar.matmul.PanelGemm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch path's vector decoders equal the reference decoders bit for bit, at every width, on rows of
 * random bytes (every bit pattern of nibbles, high bits and 6-bit scales occurs; f16 scales kept finite).
 */
class PanelDecodeTest {

    static List<Object[]> cases() {
        Assumptions.assumeTrue(VectorSupport.decision().available(), () -> VectorSupport.decision().unavailableReason());
        List<Object[]> out = new ArrayList<>();
        for (int bits : new int[] {128, 256, 512}) {
            if (bits <= VectorConfig.preferredBits()) {
                for (GgmlType t : VectorFormats.PANEL_DECODED) {
                    out.add(new Object[] {bits, t});
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{1} at {0} bits")
    @MethodSource("cases")
    void vectorDecodeEqualsTheReference(int bits, GgmlType type) {
        long seed = 0xC0FFEEL + bits * 31L + type.id();
        PanelGemm gemm = WidthSpecializer.instance(F32PanelGemm.class, VectorConfig.of(bits), PanelGemm.class);
        QuantFormat ref = QuantFormats.defaults().forType(type);
        int cols = 4 * 256;
        long rowBytes = type.bytesFor(cols);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(rowBytes + 64);
            for (long i = 0; i < w.byteSize(); i++) {
                w.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
            }
            // finite f16 scales: exponent below 31 (llama.cpp's quantizers never write Inf/NaN scales)
            long blockBytes = type.blockBytes();
            long scaleAt = type == GgmlType.Q6_K ? 208 : 0;
            for (long b = 0; b < rowBytes / blockBytes; b++) {
                for (long s = scaleAt; s < scaleAt + (type == GgmlType.Q4_K ? 4 : 2); s += 2) {
                    w.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 32 + b * blockBytes + s + 1, (byte) rnd.nextInt(0x78));
                }
            }
            float[] expected = new float[cols];
            float[] actual = new float[cols + 3];
            ref.dequantizeRow(w, 32, expected, 0, cols);
            assertTrue(gemm.dequantizeRow(type, w, 32, actual, 3, cols), type + " has a vector decoder");
            for (int i = 0; i < cols; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[3 + i]),
                        type + " value " + i + " at " + bits + " bits (seed " + seed + "): " + expected[i] + " vs " + actual[3 + i]);
            }
        }
    }

    /** The formats batch ranking treats as vector-decoded are exactly those the decoder takes. */
    @ParameterizedTest(name = "{0} bits")
    @MethodSource("widths")
    void theDecodedFormatsAreThoseRankedForBatches(int bits) {
        PanelGemm gemm = WidthSpecializer.instance(F32PanelGemm.class, VectorConfig.of(bits), PanelGemm.class);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(4096);
            float[] dst = new float[256];
            for (GgmlType t : VectorFormats.FUSED) {
                if (t.blockSize() <= 256 && 256 % t.blockSize() == 0 && t.bytesFor(256) <= 4096) {
                    assertEquals(VectorFormats.PANEL_DECODED.contains(t), gemm.dequantizeRow(t, w, 0, dst, 0, 256), t.ggmlName());
                }
            }
        }
    }

    static List<Integer> widths() {
        Assumptions.assumeTrue(VectorSupport.decision().available(), () -> VectorSupport.decision().unavailableReason());
        return List.of(128, 256, 512).stream().filter(b -> b <= VectorConfig.preferredBits()).toList();
    }
}
