package dev.chord.harness.synth;

import dev.chord.api.model.LanguageModel;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;
import dev.chord.harness.generate.Sampler;
import dev.chord.harness.inspect.TensorValues;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.model.ModelLoader;
import dev.chord.harness.quantize.LlamaFileType;
import dev.chord.harness.quantize.WriteListener;
import dev.chord.harness.tokenizer.Tokenizer;
import dev.chord.harness.tokenizer.Tokenizers;
import dev.chord.api.quant.QuantFormats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chord synth}'s library: llama.cpp's names and keys, determinism, weight statistics, tokenizer, runnable. */
class ModelSynthesizerTest {

    @TempDir
    static Path dir;
    static Path tiny;

    static ModelSynthesizer.Options options(ModelShape s, LlamaFileType t, long seed, Path vocab, int threads) {
        return new ModelSynthesizer.Options(s, t, false, seed, vocab, threads);
    }

    @BeforeAll
    static void synthesize() throws IOException {
        tiny = dir.resolve("tiny.gguf");
        ModelSynthesizer.synthesize(tiny, options(SynthPreset.TINY.shape(), LlamaFileType.F32, 3, null, 2),
                WriteListener.NONE);
    }

    /** The tensors llama.cpp's llama architecture loads (src/models/llama.cpp), with its shapes. */
    @Test
    void hasLlamaCppTensorsAndKeys() throws IOException {
        ModelShape s = SynthPreset.TINY.shape();
        try (GgufFile f = GgufFile.open(tiny)) {
            List<String> missing = new ArrayList<>();
            expect(f, "token_embd.weight", missing, s.dim(), s.vocab());
            expect(f, "output_norm.weight", missing, s.dim());
            expect(f, "output.weight", missing, s.dim(), s.vocab());
            for (int l = 0; l < s.layers(); l++) {
                String p = "blk." + l + ".";
                expect(f, p + "attn_norm.weight", missing, s.dim());
                expect(f, p + "attn_q.weight", missing, s.dim(), s.dim());
                expect(f, p + "attn_k.weight", missing, s.dim(), s.kvDim());
                expect(f, p + "attn_v.weight", missing, s.dim(), s.kvDim());
                expect(f, p + "attn_output.weight", missing, s.dim(), s.dim());
                expect(f, p + "ffn_norm.weight", missing, s.dim());
                expect(f, p + "ffn_gate.weight", missing, s.dim(), s.ffn());
                expect(f, p + "ffn_up.weight", missing, s.dim(), s.ffn());
                expect(f, p + "ffn_down.weight", missing, s.ffn(), s.dim());
            }
            assertEquals(List.of(), missing);
            assertEquals(2 + 1 + 9 * s.layers(), f.tensors().size());
            var m = f.metadata();
            assertEquals("llama", m.getString("general.architecture"));
            assertEquals(s.dim(), m.getInt("llama.embedding_length"));
            assertEquals(s.layers(), m.getInt("llama.block_count"));
            assertEquals(s.heads(), m.getInt("llama.attention.head_count"));
            assertEquals(s.kvHeads(), m.getInt("llama.attention.head_count_kv"));
            assertEquals(s.ffn(), m.getInt("llama.feed_forward_length"));
            assertEquals(s.headDim(), m.getInt("llama.rope.dimension_count"));
            assertEquals(s.vocab(), m.getInt("llama.vocab_size"));
            assertEquals(s.vocab(), m.getArray("tokenizer.ggml.tokens", dev.chord.gguf.GgufValueType.STRING).length());
            assertEquals(0, m.getUInt32("general.file_type"));
            assertEquals(s.parameterCount(), f.parameterCount());
        }
    }

    private static void expect(GgufFile f, String name, List<String> problems, long... shape) {
        var t = f.findTensor(name);
        if (t.isEmpty()) {
            problems.add(name + " missing");
        } else if (!java.util.Arrays.equals(shape, t.get().shape())) {
            problems.add(name + " " + java.util.Arrays.toString(t.get().shape()));
        }
    }

    @Test
    void sameSeedSameBytesWhateverTheThreads() throws IOException {
        Path again = dir.resolve("again.gguf");
        ModelSynthesizer.synthesize(again, options(SynthPreset.TINY.shape(), LlamaFileType.F32, 3, null, 1),
                WriteListener.NONE);
        assertEquals(-1, Files.mismatch(tiny, again));
        Path other = dir.resolve("other.gguf");
        ModelSynthesizer.synthesize(other, options(SynthPreset.TINY.shape(), LlamaFileType.F32, 4, null, 2),
                WriteListener.NONE);
        try (GgufFile a = GgufFile.open(tiny); GgufFile b = GgufFile.open(other)) {
            GgufTensorInfo t = a.tensorInfo("blk.0.attn_q.weight");
            assertNotEquals(-1, a.tensorData(t).mismatch(b.tensorData(b.tensorInfo(t.name()))));
        }
    }

    /**
     * Matrices are N(0, 1/fan_in) (embedding and output 3x that), norms 1 + 0.02 N(0,1): measured rms and mean
     * within a few percent, and the fraction within one standard deviation that of a normal (0.6827).
     */
    @Test
    void weightsHaveTheDocumentedDistribution() throws IOException {
        try (GgufFile f = GgufFile.open(tiny)) {
            var q = stats(f, "blk.2.attn_q.weight");
            assertEquals(1 / Math.sqrt(256), q.rms(), 0.02 / Math.sqrt(256));
            assertEquals(0, q.mean(), 0.002);
            var down = stats(f, "blk.1.ffn_down.weight");
            assertEquals(1 / Math.sqrt(768), down.rms(), 0.02 / Math.sqrt(768));
            var emb = stats(f, "token_embd.weight");
            assertEquals(3 / Math.sqrt(256), emb.rms(), 0.06 / Math.sqrt(256));
            var norm = stats(f, "blk.0.ffn_norm.weight");
            assertEquals(1, norm.mean(), 0.005);
            assertTrue(norm.min() > 0.9 && norm.max() < 1.1, norm.toString());
        }
        float[] v = new float[200_000];
        SeededNormal.fillRow(SeededNormal.tensorKey(1, "x"), 0, v, 0, v.length, 0, 1);
        int within = 0;
        for (float x : v) {
            within += Math.abs(x) < 1 ? 1 : 0;
        }
        assertEquals(0.6827, within / (double) v.length, 0.005);
    }

    private static TensorValues.Stats stats(GgufFile f, String name) throws IOException {
        var t = f.tensor(name);
        return TensorValues.stats(t, QuantFormats.defaults().forType(t.type()));
    }

    /** Chord's tokenizer reads the byte-level vocabulary: any text round-trips, common letters merge. */
    @Test
    void byteLevelVocabularyTokenizesAnything() throws IOException {
        try (GgufFile f = GgufFile.open(tiny)) {
            Tokenizer tok = Tokenizers.fromGguf(f.metadata());
            for (String s : List.of("Hello world", "the cat sat on the mat", "ünïcödé 😀 \t\n 123", "")) {
                int[] ids = tok.encode(s, true, false);
                assertEquals(1, ids[0], "BOS first");
                for (int id : ids) {
                    assertTrue(id >= 0 && id < SynthPreset.TINY.shape().vocab());
                }
                assertEquals(s, tok.decode(java.util.Arrays.copyOfRange(ids, 1, ids.length)));
            }
            assertTrue(tok.encode("the cat sat", false, false).length < "the cat sat".length(), "pieces merge");
        }
        SyntheticVocab big = SyntheticVocab.ofSize(128256);
        assertEquals(128256, big.size());
        assertEquals(128256 - SyntheticVocab.MIN_SIZE, new java.util.HashSet<>(SyntheticVocab.pieces(128256 - 259)).size());
    }

    /** Chord runs the model: finite logits, a next-token distribution neither flat nor one-hot, greedy tokens. */
    @Test
    void chordRunsItWithSensibleLogits() throws IOException {
        try (LoadedModel m = ModelLoader.open(tiny, new ModelLoader.Options(1, null, 64, 16))) {
            LanguageModel lm = m.model();
            Tokenizer tok = Tokenizers.fromGguf(m.file().metadata());
            int[] prompt = tok.encode("The capital of France is", true, false);
            int vocab = lm.info().vocabSize();
            float[] logits = new float[vocab];
            lm.forward(prompt, 0, prompt.length, 0, logits, false);
            int pos = prompt.length;
            for (int step = 0; step < 8; step++) {
                double max = Double.NEGATIVE_INFINITY;
                for (float x : logits) {
                    assertTrue(Float.isFinite(x), "finite logits");
                    max = Math.max(max, x);
                }
                double sum = 0;
                for (float x : logits) {
                    sum += Math.exp(x - max);
                }
                double top = 1 / sum;
                assertTrue(top > 5.0 / vocab && top < 0.99, "top probability " + top);
                int next = Sampler.argmax(logits, 0, vocab);
                lm.forward(new int[]{next}, 0, 1, pos++, logits, false);
            }
        }
    }

    /** With --vocab-from the tokenizer is the file's, token for token, and sets the vocabulary size. */
    @Test
    void copiesARealTokenizer() throws IOException {
        Path vocab = Fixtures.vocab().resolve("ggml-vocab-llama-spm.gguf");
        Path out = dir.resolve("spm.gguf");
        ModelSynthesizer.synthesize(out, options(SynthPreset.TINY.shape(), LlamaFileType.Q8_0, 3, vocab, 2),
                WriteListener.NONE);
        try (GgufFile f = GgufFile.open(out); GgufFile v = GgufFile.open(vocab)) {
            assertEquals(32000, f.tensorInfo("token_embd.weight").shape()[1]);
            assertEquals(32000, f.metadata().getInt("llama.vocab_size"));
            Tokenizer a = Tokenizers.fromGguf(f.metadata());
            Tokenizer b = Tokenizers.fromGguf(v.metadata());
            for (String s : List.of("Hello world", " grabbed the 3 apples", "Привет мир")) {
                assertArrayEquals(b.encode(s, true, false), a.encode(s, true, false), s);
            }
        }
    }

    /** Llama 3 RoPE scaling is written as rope_freqs.weight: 1 for high frequencies, the factor for low ones. */
    @Test
    void llama3ScalingWritesRopeFreqs() throws IOException {
        ModelShape s = new ModelShape("l3-small", 256, 2, 4, 1, 512, 512, true, 500000f, Llama3RopeScaling.LLAMA_3_2,
                4096, 1e-5f);
        Path out = dir.resolve("l3.gguf");
        ModelSynthesizer.synthesize(out, options(s, LlamaFileType.Q4_K_M, 1, null, 2), WriteListener.NONE);
        try (GgufFile f = GgufFile.open(out)) {
            assertTrue(f.findTensor("output.weight").isEmpty(), "tied");
            var t = f.tensor("rope_freqs.weight");
            assertEquals(dev.chord.api.ggml.GgmlType.F32, t.type());
            float[] r = new float[32];
            QuantFormats.defaults().forType(t.type()).dequantizeRow(t.data(), 0, r, 0, 32);
            assertEquals(1f, r[0]);
            assertEquals(32f, r[31]);
            for (int i = 1; i < r.length; i++) {
                assertTrue(r[i] >= r[i - 1], "non-decreasing");
            }
        }
        try (LoadedModel m = ModelLoader.open(out, new ModelLoader.Options(1, null, 16, 8))) {
            float[] logits = new float[512];
            m.model().forward(new int[]{1, 300, 301}, 0, 3, 0, logits, false);
            for (float x : logits) {
                assertTrue(Float.isFinite(x));
            }
        }
    }

    @Test
    void unknownPresetListsTheValidOnes() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SynthPreset.parse("llama-4"));
        assertTrue(e.getMessage().contains("tinyllama-1.1b") && e.getMessage().contains("llama-4"));
        assertFalse(e.getMessage().isBlank());
    }
}
