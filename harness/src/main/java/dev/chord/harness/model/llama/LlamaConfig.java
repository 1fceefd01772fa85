package dev.chord.harness.model.llama;

import dev.chord.api.model.ModelMetadata;

/**
 * Hyper-parameters of a llama-architecture model, read from GGUF metadata under the architecture's prefix
 * ({@code llama.embedding_length} ...). Key names and defaults: llama.cpp's src/llama-arch.cpp
 * ({@code LLM_KV_*}) and src/llama-model.cpp ({@code load_hparams}).
 */
public record LlamaConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim,
                          int ffnDim, int vocabSize, int contextLength, float rmsEps, float ropeBase,
                          int ropeDim, float ropeFreqScale) {

    public static LlamaConfig from(ModelMetadata m, String arch, int vocabSize) {
        String p = arch + ".";
        int dim = m.getInt(p + "embedding_length");
        int layers = m.getInt(p + "block_count");
        int heads = m.getInt(p + "attention.head_count");
        int kvHeads = m.findInt(p + "attention.head_count_kv").orElse(heads);
        int ffn = m.getInt(p + "feed_forward_length");
        int headDim = m.findInt(p + "attention.key_length").orElse(heads == 0 ? 0 : dim / heads);
        int ctx = m.findInt(p + "context_length").orElse(2048);
        float eps = m.findFloat(p + "attention.layer_norm_rms_epsilon").orElse(1e-5f);
        float base = m.findFloat(p + "rope.freq_base").orElse(10000f);
        int ropeDim = m.findInt(p + "rope.dimension_count").orElse(headDim);
        float freqScale = 1f;
        String scaling = m.findString(p + "rope.scaling.type").orElse("none");
        if (scaling.equals("linear")) {
            float factor = m.findFloat(p + "rope.scaling.factor").orElse(1f);
            freqScale = factor == 0f ? 1f : 1f / factor;
        } else if (!scaling.equals("none") && !scaling.equals("llama3")) {
            throw new IllegalArgumentException(p + "rope.scaling.type = " + scaling
                    + ": Chord's llama architecture supports none, linear and llama3");
        }
        check(heads > 0 && kvHeads > 0 && heads % kvHeads == 0, p + "attention.head_count " + heads
                + " must be a positive multiple of " + p + "attention.head_count_kv " + kvHeads);
        check(dim > 0 && layers > 0 && ffn > 0, "embedding_length, block_count and feed_forward_length must be positive");
        check(headDim > 0 && headDim % 2 == 0, p + "attention.key_length " + headDim + " must be a positive even number");
        check(ropeDim > 0 && ropeDim <= headDim && ropeDim % 2 == 0, p + "rope.dimension_count " + ropeDim
                + " must be even and at most the head size " + headDim);
        check(ctx > 0, p + "context_length must be positive");
        return new LlamaConfig(arch, dim, layers, heads, kvHeads, headDim, ffn, vocabSize, ctx, eps, base, ropeDim,
                freqScale);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public int qDim() {
        return heads * headDim;
    }

    public int kvDim() {
        return kvHeads * headDim;
    }
}
