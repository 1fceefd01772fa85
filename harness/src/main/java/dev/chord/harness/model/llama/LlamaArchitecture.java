package dev.chord.harness.model.llama;

import dev.chord.api.model.Architecture;
import dev.chord.api.model.LanguageModel;
import dev.chord.api.model.ModelInfo;
import dev.chord.api.model.ModelMetadata;
import dev.chord.api.model.ModelResources;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.TensorView;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.api.weights.WeightProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code general.architecture = llama}: Llama 2 and 3 (with llama3 RoPE frequency factors), TinyLlama,
 * SmolLM2, Mistral without sliding window.
 */
public final class LlamaArchitecture implements Architecture {

    static final List<String> LAYER_TENSORS = List.of("attn_norm.weight", "attn_q.weight", "attn_k.weight",
            "attn_v.weight", "attn_output.weight", "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight",
            "ffn_down.weight");

    /**
     * KV-cache capacity when none is asked for: the trained context, but at most this many tokens (Llama 3's
     * 131,072 positions would take gigabytes of cache for a short chat).
     */
    public static final int DEFAULT_MAX_CONTEXT = 4096;

    @Override
    public String name() {
        return "llama";
    }

    @Override
    public String description() {
        return "Llama 2/3, TinyLlama, SmolLM2, Mistral (no sliding window)";
    }

    @Override
    public LanguageModel load(ModelResources r) {
        ModelMetadata m = r.metadata();
        WeightProvider w = r.weights();
        String arch = name();
        TensorView emb = w.global("token_embd.weight").orElseThrow(() -> missing("token_embd.weight"));
        if (emb.rank() != 2) {
            throw new IllegalArgumentException("token_embd.weight has rank " + emb.rank() + ", expected 2");
        }
        int vocab = (int) emb.dim(1);
        LlamaConfig cfg = LlamaConfig.from(m, arch, vocab);
        if (emb.dim(0) != cfg.dim()) {
            throw new IllegalArgumentException("token_embd.weight rows have " + emb.dim(0) + " values, "
                    + arch + ".embedding_length is " + cfg.dim());
        }
        if (w.layerCount() < cfg.layers()) {
            throw new IllegalArgumentException("model has " + w.layerCount() + " blocks of tensors, "
                    + arch + ".block_count is " + cfg.layers());
        }
        checkTensors(w.tensorNames(), cfg.layers());
        TensorView outNorm = w.global("output_norm.weight").orElseThrow(() -> missing("output_norm.weight"));
        WeightMatrix output = w.global("output.weight").orElse(emb).asMatrix();
        float[] factors = ropeFactors(m, w, cfg);
        int ctx = r.contextLength() > 0 ? r.contextLength() : Math.min(cfg.contextLength(), DEFAULT_MAX_CONTEXT);
        ModelInfo info = new ModelInfo(arch, m.findString("general.name").orElse(""), vocab, ctx, cfg.dim(),
                cfg.layers(), cfg.heads(), cfg.kvHeads(), cfg.ffnDim());
        return new LlamaModel(cfg, info, w, r.kernels(), r.executor(), ctx, Math.max(1, r.maxBatch()), emb, outNorm,
                output, factors);
    }

    private static void checkTensors(Set<String> names, int layers) {
        if (names.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (String t : LAYER_TENSORS) {
                if (!names.contains("blk." + l + "." + t)) {
                    missing.add("blk." + l + "." + t);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("model lacks tensor" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : ""));
        }
    }

    /** llama3 frequency factors: the {@code rope_freqs.weight} tensor, else computed from metadata, else none. */
    private static float[] ropeFactors(ModelMetadata m, WeightProvider w, LlamaConfig cfg) {
        var t = w.global("rope_freqs.weight");
        if (t.isPresent()) {
            TensorView v = t.get();
            float[] f = new float[(int) v.elementCount()];
            QuantFormats.defaults().forType(v.type()).dequantizeRow(v.data(), 0, f, 0, f.length);
            return f;
        }
        String p = cfg.architecture() + ".rope.scaling.";
        if (m.findString(p + "type").orElse("").equals("llama3")) {
            return Rope.llama3Factors(cfg.ropeDim(), cfg.ropeBase(), m.getFloat(p + "factor"),
                    m.findFloat(p + "low_freq_factor").orElse(1f), m.findFloat(p + "high_freq_factor").orElse(4f),
                    m.findInt(p + "original_context_length").orElse(8192));
        }
        return null;
    }

    private static IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("model lacks tensor " + name);
    }
}
