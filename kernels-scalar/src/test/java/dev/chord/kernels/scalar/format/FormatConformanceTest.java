package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.plugin.PluginRegistry;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufFile;
import dev.chord.kernels.scalar.conformance.CheckResult;
import dev.chord.kernels.scalar.conformance.FormatConformance;
import dev.chord.kernels.scalar.conformance.ReferenceVectors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks themselves: they fail on a format that differs from ggml, and the allowance for a quantizer
 * that cannot match ggml's bytes holds it to ggml's round-trip error, not to nothing.
 */
class FormatConformanceTest {

    /** f16 with a quantizer that deviates from ggml's: writes -0 for +0 (same values), or truncates (worse). */
    private static final class DeviatingF16 implements QuantFormat {
        private final F16Format f16 = new F16Format();
        private final boolean truncate;

        DeviatingF16(boolean truncate) {
            this.truncate = truncate;
        }

        @Override
        public GgmlType type() {
            return GgmlType.F16;
        }

        @Override
        public GgmlType vecDotType() {
            return GgmlType.F16;
        }

        @Override
        public void dequantizeRow(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int n) {
            f16.dequantizeRow(src, srcOffset, dst, dstOffset, n);
        }

        @Override
        public void quantizeRow(float[] src, int srcOffset, MemorySegment dst, long dstOffset, int n) {
            for (int i = 0; i < n; i++) {
                float v = src[srcOffset + i];
                short h = Float.floatToFloat16(v);
                if (truncate && Float.float16ToFloat(h) != v && Math.abs(Float.float16ToFloat(h)) > Math.abs(v)) {
                    h = (short) (h - 1);  // round toward zero instead of to nearest
                } else if (!truncate && v == 0f) {
                    h = (short) 0x8000;   // negative zero: a different byte, the same value
                }
                dst.set(LittleEndian.SHORT, dstOffset + 2L * i, h);
            }
        }
    }

    private static CheckResult quantizeCheck(QuantFormat f, Map<GgmlType, String> allowed) throws IOException {
        QuantFormats formats = new QuantFormats(PluginRegistry.of("format", QuantFormat.class, List.of(f)));
        Path file = Fixtures.quant("f16");
        try (GgufFile g = GgufFile.open(file)) {
            ReferenceVectors v = ReferenceVectors.read(n -> g.findTensor(n).map(t -> g.tensor(n)), file.toString());
            return new FormatConformance(formats, allowed).checkQuantize(v);
        }
    }

    @Test
    void differentBytesFailUnlessTheTypeIsListed() throws IOException {
        CheckResult strict = quantizeCheck(new DeviatingF16(false), Map.of());
        assertEquals(CheckResult.Status.FAILED, strict.status(), strict.toString());
        assertTrue(strict.measured().matches("[1-9][0-9]* of 16384 bytes differ"), strict.measured());
        assertTrue(strict.detail().startsWith("first at row 3"), strict.detail());  // row 3 is the fixture's zeros

        CheckResult allowed = quantizeCheck(new DeviatingF16(false), Map.of(GgmlType.F16, "writes -0 for 0"));
        assertEquals(CheckResult.Status.OK, allowed.status(), allowed.toString());
        assertTrue(allowed.detail().contains("writes -0 for 0"), allowed.detail());
    }

    @Test
    void aListedQuantizerWithWorseErrorStillFails() throws IOException {
        CheckResult r = quantizeCheck(new DeviatingF16(true), Map.of(GgmlType.F16, "truncates"));
        assertEquals(CheckResult.Status.FAILED, r.status(), r.toString());
        assertTrue(r.bound().startsWith("RMSE <= ggml's"), r.bound());
    }

    @Test
    void aTypeWithoutAFormatIsUnsupportedNotFailed() throws IOException {
        QuantFormats none = new QuantFormats(PluginRegistry.of("format", QuantFormat.class, List.of()));
        Path file = Fixtures.quant("q4_0");
        try (GgufFile g = GgufFile.open(file)) {
            ReferenceVectors v = ReferenceVectors.read(n -> g.findTensor(n).map(t -> g.tensor(n)), file.toString());
            for (CheckResult r : new FormatConformance(none).checkAll(v)) {
                assertEquals(CheckResult.Status.UNSUPPORTED, r.status(), r.toString());
                assertTrue(r.detail().contains("Chord cannot compute with ggml type"), r.detail());
            }
        }
    }
}
