package dev.chord.gguf;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every GGUF in llama.cpp's fixtures reads, with the counts and values the fixtures README states. */
class FixtureReadTest {

    static final List<String> QUANT_TYPES = List.of("f16", "bf16", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0", "q2_K",
            "q3_K", "q4_K", "q5_K", "q6_K", "q8_K", "iq4_nl", "iq4_xs", "tq2_0", "mxfp4");

    static Stream<Path> allFixtureFiles() throws IOException {
        Path dir = Fixtures.dir();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".gguf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("allFixtureFiles")
    void everyFixtureReadsAndRoundTripsByteForByte(Path file, @TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("copy.gguf");
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(3, f.version());
            GgufWriter.copy(f, copy);
            try (GgufFile g = GgufFile.open(copy)) {
                assertEquals(f.metadata(), g.metadata(), "metadata after read-write-read");
                assertEquals(f.tensors(), g.tensors(), "tensor infos after read-write-read");
                for (GgufTensorInfo t : f.tensors()) {
                    assertEquals(-1, f.tensorData(t).mismatch(g.tensorData(g.tensorInfo(t.name()))), t.name());
                }
            }
        }
        // Chord writes the layout llama.cpp's writer does, so the copy is the same file, byte for byte.
        assertEquals(-1L, Files.mismatch(file, copy), "copy of " + file.getFileName() + " differs from the original");
    }

    @ParameterizedTest
    @MethodSource("quantTypes")
    void quantFixturesHaveTheDocumentedTensors(String type) throws IOException {
        try (GgufFile f = GgufFile.open(Fixtures.quant(type))) {
            GgmlType t = GgmlType.parse(type);
            assertEquals(type, f.metadata().getString("fixture.type"));
            assertEquals(t.id(), f.metadata().getUInt32("fixture.ggml_type"));
            assertArrayEquals(new long[] {512, 16}, f.tensorInfo("source").shape());
            assertEquals(GgmlType.F32, f.tensorInfo("source").type());
            assertEquals(t, f.tensorInfo("quantized").type());
            assertArrayEquals(new long[] {512, 16}, f.tensorInfo("quantized").shape());
            assertEquals(GgmlType.F32, f.tensorInfo("dequantized").type());
            if (t == GgmlType.Q8_K) {
                assertEquals(3, f.tensors().size());
            } else {
                assertEquals(6, f.tensors().size());
                GgmlType vdt = GgmlType.byId((int) f.metadata().getUInt32("fixture.vec_dot_type")).orElseThrow();
                assertEquals(vdt, f.tensorInfo("x_for_vec_dot").type());
                assertArrayEquals(new long[] {512}, f.tensorInfo("x").shape());
                assertArrayEquals(new long[] {16}, f.tensorInfo("ggml_matvec").shape());
            }
            assertEquals(16, f.metadata().getString("fixture.rows").split("\n").length);
        }
    }

    static Stream<String> quantTypes() {
        Fixtures.dir();
        return QUANT_TYPES.stream();
    }

    @Test
    void spmModelsMatchTheirDescription() throws IOException {
        for (String name : List.of("tiny-llama-spm-Q8_0.gguf", "tiny-llama-spm-Q4_K_M.gguf")) {
            try (GgufFile f = GgufFile.open(Fixtures.models().resolve(name))) {
                GgufMetadata m = f.metadata();
                assertEquals("llama", m.getString("general.architecture"));
                assertEquals(256, m.getUInt32("llama.embedding_length"));
                assertEquals(4, m.getUInt32("llama.block_count"));
                assertEquals(4, m.getUInt32("llama.attention.head_count"));
                assertEquals(2, m.getUInt32("llama.attention.head_count_kv"));
                assertEquals(768, m.getUInt32("llama.feed_forward_length"));
                assertEquals(10000f, m.getFloat32("llama.rope.freq_base"));
                assertEquals("llama", m.getString("tokenizer.ggml.model"));
                assertEquals(32000, m.getArray("tokenizer.ggml.tokens", GgufValueType.STRING).length());
                assertTrue(f.findTensor("output.weight").isPresent(), "separate output matrix");
                assertEquals(3 + 4 * 9, f.tensors().size());
                assertArrayEquals(new long[] {256, 32000}, f.tensorInfo("token_embd.weight").shape());
            }
        }
    }

    @Test
    void bpeModelMatchesItsDescription() throws IOException {
        try (GgufFile f = GgufFile.open(Fixtures.models().resolve("tiny-llama-bpe-Q4_K_M.gguf"))) {
            GgufMetadata m = f.metadata();
            assertEquals(2, m.getUInt32("llama.block_count"));
            assertEquals(1, m.getUInt32("llama.attention.head_count_kv"));
            assertEquals(512, m.getUInt32("llama.feed_forward_length"));
            assertEquals(500000f, m.getFloat32("llama.rope.freq_base"));
            assertEquals("gpt2", m.getString("tokenizer.ggml.model"));
            assertEquals(128256, m.getArray("tokenizer.ggml.tokens", GgufValueType.STRING).length());
            assertFalse(f.findTensor("output.weight").isPresent(), "output tied to the token embedding");
        }
    }

    @Test
    void vocabFilesHoldMetadataOnly() throws IOException {
        try (GgufFile f = GgufFile.open(Fixtures.vocab().resolve("ggml-vocab-llama-spm.gguf"))) {
            assertEquals(0, f.tensors().size());
            assertEquals(32000, f.metadata().getArray("tokenizer.ggml.tokens", GgufValueType.STRING).length());
        }
        try (GgufFile f = GgufFile.open(Fixtures.vocab().resolve("ggml-vocab-llama-bpe.gguf"))) {
            assertEquals(0, f.tensors().size());
            String[] tokens = f.metadata().getArray("tokenizer.ggml.tokens", GgufValueType.STRING).strings();
            assertEquals(128256, tokens.length);
            assertEquals("!", tokens[0]);
            assertTrue(f.metadata().getArray("tokenizer.ggml.merges", GgufValueType.STRING).length() > 200_000);
        }
    }
}
