package dev.chord.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufWriter;
import dev.chord.harness.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {

    /** The types Chord implements on this branch: every check of theirs must pass on llama.cpp's vectors. */
    private static final List<String> IMPLEMENTED = List.of("f16", "bf16", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0",
            "iq4_nl", "mxfp4", "tq2_0");

    @Test
    void llamaCppVectorsPassForEveryImplementedType() {
        Path dir = Fixtures.dir().resolve("quant");
        CliRun r = CliRun.of("verify", "--vectors", dir.toString());
        assertEquals(0, r.status(), r.toString());
        assertFalse(r.out().contains("FAILED\n"), r.toString());
        for (String type : IMPLEMENTED) {
            for (String check : List.of("dequantize", "quantize")) {
                assertTrue(r.out().lines().anyMatch(l -> l.matches(type + " +" + check + " .* ok")),
                        type + " " + check + " not ok:\n" + r);
            }
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("q4_0 +quantize-activation +q8_0: 0 of 544 bytes differ .* ok")), r.toString());
        assertTrue(r.out().contains(" FAILED, "), "summary line missing:\n" + r);
    }

    @Test
    void jsonHasOneResultPerCheckAndASummary() throws IOException {
        Path dir = Fixtures.dir().resolve("quant");
        CliRun r = CliRun.of("verify", "--vectors", dir.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        JsonNode root = Json.MAPPER.readTree(r.out());
        assertEquals(dir.toString(), root.get("vectors").asText());
        JsonNode results = root.get("results");
        assertEquals(results.size(), root.get("summary").get("checks").asInt());
        assertEquals(0, root.get("summary").get("failed").asInt());
        boolean sawQ8 = false;
        for (JsonNode n : results) {
            for (String key : List.of("subject", "check", "measured", "bound", "outcome", "detail")) {
                assertTrue(n.has(key), key + " missing in " + n);
            }
            if (n.get("subject").asText().equals("q8_0") && n.get("check").asText().equals("quantize")) {
                sawQ8 = n.get("outcome").asText().equals("ok");
            }
        }
        assertTrue(sawQ8, r.out());
    }

    @Test
    void aCorruptedReferenceFailsWithWhereItDiffers(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("quant-q4_0.gguf");
        Files.copy(Fixtures.quant("q4_0"), copy);
        long at;
        try (GgufFile f = GgufFile.open(copy)) {
            at = f.absoluteOffset(f.tensorInfo("dequantized")) + 4 * 100;  // value 100 of row 0
        }
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 1));
            b.rewind();
            ch.write(b, at);
        }
        CliRun r = CliRun.of("verify", "--vectors", tmp.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("q4_0 +dequantize +1 of 8192 values differ.*FAILED")), r.toString());
        assertTrue(r.out().contains("first at row 0, column 100"), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("q4_0 +quantize .* ok")), "quantize is unaffected:\n" + r);
    }

    @Test
    void aTypeChordCannotComputeWithIsReportedNotFailed(@TempDir Path tmp) throws IOException {
        writeVectors(tmp.resolve("quant-iq2_xxs.gguf"), GgmlType.IQ2_XXS, true);
        CliRun r = CliRun.of("verify", "--vectors", tmp.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("iq2_xxs +dequantize .* unsupported")), r.toString());
        assertTrue(r.out().contains("Chord cannot compute with ggml type iq2_xxs"), r.toString());
    }

    @Test
    void aFileWithoutTheReferenceTensorsFails(@TempDir Path tmp) throws IOException {
        writeVectors(tmp.resolve("quant-q8_0.gguf"), GgmlType.Q8_0, false);
        CliRun r = CliRun.of("verify", "--vectors", tmp.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("q8_0 +read .* FAILED")), r.toString());
        assertTrue(r.out().contains("no tensor 'dequantized'"), r.toString());
    }

    @Test
    void withAnEmptyOrMissingDirectoryItSaysWhatItNeeds(@TempDir Path tmp) {
        CliRun empty = CliRun.of("verify", "--vectors", tmp.toString());
        assertEquals(1, empty.status(), empty.toString());
        assertTrue(empty.err().contains("has no quant-TYPE.gguf files"), empty.toString());
        CliRun missing = CliRun.of("verify", "--vectors", tmp.resolve("nope").toString());
        assertEquals(1, missing.status(), missing.toString());
        assertTrue(missing.err().contains("is not a directory"), missing.toString());
    }

    @Test
    void withoutVectorsItChecksTheKernels() {
        CliRun r = CliRun.of("verify", "--kernel", "scalar.int8", "--format", "q4_0", "--json");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("\"subject\" : \"scalar.int8 q4_0\""), r.toString());
        assertTrue(r.out().contains("nmse-vs-f64 33x4096 matvec"), r.toString());
        if (Fixtures.locate() != null) {   // a clone without ../shared/fixtures has no llama.cpp results to check against
            assertTrue(r.out().contains("rel-vs-ggml"), "the fixture check of an integer kernel: " + r);
        }
        CliRun unknown = CliRun.of("verify", "--kernel", "vector.nope");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("no kernel named 'vector.nope'"), unknown.toString());
    }

    /** A one-row vector file: source and (if complete) dequantized F32, quantized of {@code type}, all zeros. */
    static void writeVectors(Path file, GgmlType type, boolean complete) throws IOException {
        int n = 256;
        try (GgufWriter w = GgufWriter.create(file); Arena arena = Arena.ofConfined()) {
            w.addTensor("source", GgmlType.F32, n);
            w.addTensor("quantized", type, n);
            if (complete) {
                w.addTensor("dequantized", GgmlType.F32, n);
            }
            w.writeTensor("source", arena.allocate(4L * n));
            w.writeTensor("quantized", arena.allocate(type.bytesFor(n)));
            if (complete) {
                w.writeTensor("dequantized", arena.allocate(4L * n));
            }
        }
    }

}
