package dev.chord.harness.cli;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufWriter;
import dev.chord.harness.inspect.TensorValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorCommandTest {

    /** Chord's decode of ggml's q4_0 bytes has the statistics of ggml's own decoded floats. */
    @Test
    void statisticsOfADecodedTensorMatchGgmlsFloats() {
        String file = Fixtures.quant("q4_0").toString();
        CliRun ours = CliRun.of("tensor", file, "quantized");
        CliRun ggml = CliRun.of("tensor", file, "dequantized");
        assertEquals(0, ours.status(), ours.toString());
        assertEquals(0, ggml.status(), ggml.toString());
        assertTrue(ours.out().contains("type    q4_0\nshape   [512, 16] (8192 values)\n"), ours.out());
        assertEquals(statLines(ggml.out()), statLines(ours.out()));
        assertTrue(ours.out().contains("max     1000.00000\n"), ours.out());  // the fixture's outlier row
        assertTrue(ours.out().contains("nan     0\ninf     0\n"), ours.out());
    }

    /** {@code --out} writes exactly ggml's decoded floats. */
    @Test
    void outWritesGgmlsDecodedFloatsBitForBit(@TempDir Path tmp) throws IOException {
        for (String type : List.of("q4_1", "iq4_nl", "mxfp4", "bf16")) {
            Path fixture = Fixtures.quant(type);
            Path out = tmp.resolve(type + ".f32");
            CliRun r = CliRun.of("tensor", fixture.toString(), "quantized", "--out", out.toString());
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith("wrote 8192 values of quantized (" + type + " [512, 16]) as F32 to "), r.out());
            try (GgufFile f = GgufFile.open(fixture)) {
                byte[] want = f.tensorData(f.tensorInfo("dequantized")).toArray(ValueLayout.JAVA_BYTE);
                assertArrayEquals(want, Files.readAllBytes(out), type);
            }
            assertFalse(Files.exists(tmp.resolve(type + ".f32.part")));
        }
    }

    /** Tensors larger than one chunk decode in pieces that join up exactly (chunk edges and a partial tail). */
    @Test
    void largeTensorsStreamInChunks(@TempDir Path tmp) throws IOException {
        int n = TensorValues.CHUNK * 2 + 32 * 7;
        QuantFormat q8 = QuantFormats.defaults().forType(GgmlType.Q8_0);
        float[] x = new float[n];
        SplittableRandom rnd = new SplittableRandom(3);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        Path file = tmp.resolve("big.gguf");
        float[] whole = new float[n];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(GgmlType.Q8_0.bytesFor(n));
            q8.quantizeRow(x, 0, bytes, 0, n);
            q8.dequantizeRow(bytes, 0, whole, 0, n);
            try (GgufWriter w = GgufWriter.create(file)) {
                w.addTensor("big", GgmlType.Q8_0, n);
                w.writeTensor("big", bytes);
            }
        }
        for (float v : whole) {
            sum += v;
        }
        Path out = tmp.resolve("big.f32");
        CliRun r = CliRun.of("tensor", file.toString(), "big", "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        MemorySegment written = MemorySegment.ofArray(Files.readAllBytes(out));
        assertEquals((long) n * 4, written.byteSize());
        for (int i = 0; i < n; i++) {
            float got = written.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i);
            assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(got), "value " + i);
        }
        try (GgufFile f = GgufFile.open(file)) {
            TensorValues.Stats s = TensorValues.stats(f.tensor("big"), q8);
            assertEquals(n, s.count());
            assertEquals(sum / n, s.mean(), 1e-12);
        }
    }

    @Test
    void anUnknownTensorListsNamesThatExist() {
        CliRun r = CliRun.of("tensor", Fixtures.quant("q8_0").toString(), "quantised");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("chord tensor: "), r.err());
        assertTrue(r.err().contains("has no tensor 'quantised'; it has 6 tensors, e.g. quantized"), r.err());
        assertTrue(r.err().contains("dequantized"), r.err());
    }

    @Test
    void aTypeWithoutAFormatIsNamed(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("quant-iq2_xxs.gguf");
        VerifyCommandTest.writeVectors(file, GgmlType.IQ2_XXS, true);
        CliRun r = CliRun.of("tensor", file.toString(), "quantized");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("Chord cannot compute with ggml type iq2_xxs"), r.err());
    }

    private static List<String> statLines(String out) {
        return out.lines().filter(l -> l.matches("(min|max|mean|rms|nan|inf) .*")).toList();
    }
}
