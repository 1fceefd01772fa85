package dev.chord.harness.quantize;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-tensor types of llama.cpp's quantization mixes: against the fixture models llama.cpp quantized
 * itself, and against the rules as llama.cpp documents them in src/llama-quant.cpp on synthetic tensor lists.
 */
class TensorTypeRulesTest {

    /**
     * llama.cpp quantized the fixture models: planning the same tensor list (as F32) with the file type they record
     * gives llama.cpp's type for every tensor, in llama.cpp's order. Shuffled input checks the order is computed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama-spm-Q4_K_M.gguf", "tiny-llama-spm-Q8_0.gguf", "tiny-llama-bpe-Q4_K_M.gguf"})
    void reproducesLlamaCppMixOfFixtureModels(String name) throws Exception {
        Path model = Fixtures.models().resolve(name);
        try (GgufFile f = GgufFile.open(model)) {
            List<TensorSpec> specs = new ArrayList<>();
            for (GgufTensorInfo t : f.tensors()) {
                specs.add(new TensorSpec(t.name(), GgmlType.F32, t.shape()));
            }
            Collections.shuffle(specs, new Random(name.hashCode()));
            LlamaFileType ft = LlamaFileType.byId(f.metadata().getInteger("general.file_type")).orElseThrow();
            List<TensorPlan> plans = TensorTypeRules.plan(specs, ModelFacts.of(f.metadata()), ft, false);
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                GgufTensorInfo t = f.tensors().get(i);
                expected.add(t.name() + " " + t.type());
                actual.add(plans.get(i).name() + " " + plans.get(i).target());
            }
            assertEquals(expected, actual, name);
        }
    }

    /** A llama model's tensor list: {@code layers} blocks of the nine llama tensors plus the globals. */
    static List<TensorSpec> llama(int dim, int kvDim, int ffn, int vocab, int layers, boolean tied) {
        List<TensorSpec> t = new ArrayList<>();
        t.add(spec("token_embd.weight", dim, vocab));
        t.add(spec("output_norm.weight", dim));
        if (!tied) {
            t.add(spec("output.weight", dim, vocab));
        }
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            t.add(spec(p + "attn_norm.weight", dim));
            t.add(spec(p + "attn_q.weight", dim, dim));
            t.add(spec(p + "attn_k.weight", dim, kvDim));
            t.add(spec(p + "attn_v.weight", dim, kvDim));
            t.add(spec(p + "attn_output.weight", dim, dim));
            t.add(spec(p + "ffn_norm.weight", dim));
            t.add(spec(p + "ffn_gate.weight", dim, ffn));
            t.add(spec(p + "ffn_up.weight", dim, ffn));
            t.add(spec(p + "ffn_down.weight", ffn, dim));
        }
        return t;
    }

    static TensorSpec spec(String name, long... shape) {
        return new TensorSpec(name, GgmlType.F32, shape);
    }

    static Map<String, GgmlType> types(List<TensorPlan> plans) {
        Map<String, GgmlType> m = new HashMap<>();
        plans.forEach(p -> m.put(p.name(), p.target()));
        return m;
    }

    static ModelFacts facts(int layers, int heads, int kvHeads) {
        return new ModelFacts("llama", layers, heads, kvHeads, 0);
    }

    /**
     * Q4_K_M on 32 layers: attn_v and ffn_down get Q6_K where use_more_bits holds (layers 0-3 and 28-31, the
     * first and last eighth, and 6, 9, ..., 27, every third after the first eighth); all else Q4_K, output Q6_K,
     * norms F32.
     */
    @Test
    void q4KmGivesMoreBitsToAttnVAndFfnDownInChosenLayers() {
        var plans = TensorTypeRules.plan(llama(4096, 1024, 14336, 32000, 32, false), facts(32, 32, 8),
                LlamaFileType.Q4_K_M, false);
        Map<String, GgmlType> t = types(plans);
        List<Integer> sixBit = new ArrayList<>();
        for (int l = 0; l < 32; l++) {
            GgmlType v = t.get("blk." + l + ".attn_v.weight");
            assertEquals(v, t.get("blk." + l + ".ffn_down.weight"), "layer " + l);
            if (v == GgmlType.Q6_K) {
                sixBit.add(l);
            } else {
                assertEquals(GgmlType.Q4_K, v, "layer " + l);
            }
            for (String other : List.of("attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up")) {
                assertEquals(GgmlType.Q4_K, t.get("blk." + l + "." + other + ".weight"));
            }
            assertEquals(GgmlType.F32, t.get("blk." + l + ".attn_norm.weight"));
        }
        assertEquals(List.of(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31), sixBit);
        assertEquals(GgmlType.Q6_K, t.get("output.weight"));
        assertEquals(GgmlType.Q4_K, t.get("token_embd.weight"), "untied embeddings keep the base type");
        assertEquals(GgmlType.F32, t.get("output_norm.weight"));
    }

    @Test
    void tiedEmbeddingIsTreatedAsTheOutput() {
        var t = types(TensorTypeRules.plan(llama(2048, 512, 8192, 128256, 16, true), facts(16, 32, 8),
                LlamaFileType.Q4_K_M, false));
        assertEquals(GgmlType.Q6_K, t.get("token_embd.weight"));
        var q8 = types(TensorTypeRules.plan(llama(2048, 512, 8192, 128256, 16, true), facts(16, 32, 8),
                LlamaFileType.Q8_0, false));
        assertEquals(GgmlType.Q8_0, q8.get("token_embd.weight"), "Q8_0 output stays Q8_0");
    }

    /**
     * Rows of 576 (SmolLM2) are not whole 256-blocks: Q4_K falls back to Q5_0, Q6_K to Q8_0, and the output
     * (tied embedding) is Q8_0 because its row is not a multiple of the mix's block.
     */
    @Test
    void rowsThatAreNotWholeSuperBlocksFallBack() {
        var plans = TensorTypeRules.plan(llama(576, 192, 1536, 49152, 30, true), facts(30, 9, 3),
                LlamaFileType.Q4_K_M, false);
        var t = types(plans);
        assertEquals(GgmlType.Q8_0, t.get("token_embd.weight"));
        assertEquals(GgmlType.Q5_0, t.get("blk.1.attn_q.weight"));
        assertEquals(GgmlType.Q5_0, t.get("blk.1.ffn_up.weight"));
        assertEquals(GgmlType.Q4_K, t.get("blk.4.ffn_down.weight"), "rows of 1536 are whole super-blocks");
        assertEquals(GgmlType.Q8_0, t.get("blk.0.attn_v.weight"), "Q6_K falls back to Q8_0");
        TensorPlan q = plans.stream().filter(p -> p.name().equals("blk.1.attn_q.weight")).findFirst().orElseThrow();
        assertEquals(GgmlType.Q4_K, q.fallbackFrom().orElseThrow());
    }

    @Test
    void fallbackEndsInF16WhenNoBlockFits() {
        List<TensorSpec> t = List.of(spec("blk.0.attn_q.weight", 96, 96), spec("blk.0.attn_k.weight", 40, 40),
                spec("blk.0.ffn_up.weight", 96, 8));
        var pureK = types(TensorTypeRules.plan(t, null, LlamaFileType.IQ4_XS, true));
        assertEquals(GgmlType.IQ4_NL, pureK.get("blk.0.attn_q.weight"));
        assertEquals(GgmlType.F16, pureK.get("blk.0.attn_k.weight"));
        var q8 = types(TensorTypeRules.plan(t, null, LlamaFileType.Q8_0, true));
        assertEquals(GgmlType.Q8_0, q8.get("blk.0.attn_q.weight"));
        assertEquals(GgmlType.F16, q8.get("blk.0.attn_k.weight"));
        var q2 = types(TensorTypeRules.plan(t, null, LlamaFileType.Q2_K, true));
        assertEquals(GgmlType.Q4_0, q2.get("blk.0.ffn_up.weight"));
    }

    @Test
    void onlyTwoDimensionalWeightsAreQuantized() {
        List<TensorSpec> t = List.of(spec("rope_freqs.weight", 32), spec("blk.0.attn_norm.weight", 256),
                spec("blk.0.attn_q.weight", 256, 256), spec("blk.0.attn_q.bias", 256, 256),
                spec("blk.0.ffn_gate_inp.weight", 256, 8), spec("blk.0.attn_k.weight", 256, 1, 1),
                spec("position_embd.weight", 256, 256));
        var q = types(TensorTypeRules.plan(t, null, LlamaFileType.Q4_0, true));
        assertEquals(GgmlType.F32, q.get("rope_freqs.weight"));
        assertEquals(GgmlType.F32, q.get("blk.0.attn_norm.weight"));
        assertEquals(GgmlType.Q4_0, q.get("blk.0.attn_q.weight"));
        assertEquals(GgmlType.F32, q.get("blk.0.attn_q.bias"), "names must end in 'weight'");
        assertEquals(GgmlType.F32, q.get("blk.0.ffn_gate_inp.weight"), "the MoE router stays");
        assertEquals(GgmlType.F32, q.get("blk.0.attn_k.weight"), "[256, 1, 1] is 1-D for ggml");
        assertEquals(GgmlType.F32, q.get("position_embd.weight"));
        var f16 = types(TensorTypeRules.plan(t, null, LlamaFileType.F16, false));
        assertEquals(GgmlType.F16, f16.get("blk.0.attn_q.weight"));
        assertEquals(GgmlType.F32, f16.get("blk.0.attn_norm.weight"));
    }

    @Test
    void pureSkipsTheMixButNotTheFallback() {
        var t = types(TensorTypeRules.plan(llama(4096, 1024, 14336, 32000, 32, false), facts(32, 32, 8),
                LlamaFileType.Q4_K_M, true));
        assertTrue(t.entrySet().stream().filter(e -> !e.getKey().contains("norm"))
                .allMatch(e -> e.getValue() == GgmlType.Q4_K), t.toString());
    }

    /** Q3_K_M: the first two attn_v Q5_K, then Q4_K; ffn_down Q5_K in the first sixteenth, else Q4_K; attn_output Q4_K. */
    @Test
    void q3KmRules() {
        var t = types(TensorTypeRules.plan(llama(4096, 1024, 14336, 32000, 32, false), facts(32, 32, 8),
                LlamaFileType.Q3_K_M, false));
        assertEquals(GgmlType.Q5_K, t.get("blk.0.attn_v.weight"));
        assertEquals(GgmlType.Q5_K, t.get("blk.1.attn_v.weight"));
        assertEquals(GgmlType.Q4_K, t.get("blk.2.attn_v.weight"));
        assertEquals(GgmlType.Q5_K, t.get("blk.1.ffn_down.weight"));
        assertEquals(GgmlType.Q4_K, t.get("blk.2.ffn_down.weight"));
        assertEquals(GgmlType.Q4_K, t.get("blk.5.attn_output.weight"));
        assertEquals(GgmlType.Q3_K, t.get("blk.5.attn_q.weight"));
    }

    /** Llama 2 70B shape (80 layers, GQA): attn_v that would be Q4_K gets Q5_K; the 65B shape (no GQA) does not. */
    @Test
    void seventyBillionShapeBumpsAttnV() {
        var gqa = types(TensorTypeRules.plan(llama(8192, 1024, 28672, 32000, 80, false), facts(80, 64, 8),
                LlamaFileType.Q4_K_M, false));
        assertEquals(GgmlType.Q5_K, gqa.get("blk.13.attn_v.weight"));
        assertEquals(GgmlType.Q6_K, gqa.get("blk.0.attn_v.weight"));
        var mha = types(TensorTypeRules.plan(llama(8192, 8192, 22016, 32000, 80, false), facts(80, 64, 64),
                LlamaFileType.Q4_K_M, false));
        assertEquals(GgmlType.Q4_K, mha.get("blk.13.attn_v.weight"));
    }

    @Test
    void mixesNeedTheLlamaArchitecture() {
        var t = List.of(spec("blk.0.attn_q.weight", 256, 256));
        var e = assertThrows(IllegalArgumentException.class, () -> TensorTypeRules.plan(t,
                new ModelFacts("qwen2", 1, 4, 4, 0), LlamaFileType.Q4_K_M, false));
        assertTrue(e.getMessage().contains("qwen2") && e.getMessage().contains("--pure"), e.getMessage());
        assertEquals(GgmlType.Q4_K, TensorTypeRules.plan(t, new ModelFacts("qwen2", 1, 4, 4, 0),
                LlamaFileType.Q4_K_M, true).get(0).target());
    }

    @Test
    void llamaCppOrderSortsByLayerThenName() {
        List<String> names = new ArrayList<>(List.of("blk.10.attn_q.weight", "output.weight", "blk.9.ffn_up.weight",
                "blk.2.attn_k.weight", "token_embd.weight", "blk.9.attn_v.weight", "output_norm.weight"));
        names.sort(TensorOrder.LLAMA_CPP);
        assertEquals(List.of("output.weight", "output_norm.weight", "token_embd.weight", "blk.2.attn_k.weight",
                "blk.9.attn_v.weight", "blk.9.ffn_up.weight", "blk.10.attn_q.weight"), names);
        assertEquals(-1, TensorOrder.layerOf("blk.x.attn_q.weight"));
        assertEquals(7, TensorOrder.layerOf("blk. 7.attn_q.weight"), "sscanf's %d skips spaces");
    }

    @Test
    void fileTypeNamesFollowLlamaQuantize() {
        assertEquals(LlamaFileType.Q4_K_M, LlamaFileType.parse("q4_k"));
        assertEquals(LlamaFileType.Q5_K_M, LlamaFileType.parse("Q5_K"));
        assertEquals(LlamaFileType.F16, LlamaFileType.parse("f16"));
        assertEquals(15, LlamaFileType.Q4_K_M.id());
        var e = assertThrows(IllegalArgumentException.class, () -> LlamaFileType.parse("q8_1"));
        assertTrue(e.getMessage().contains("Q4_K_M") && e.getMessage().contains("q8_1"), e.getMessage());
    }
}
