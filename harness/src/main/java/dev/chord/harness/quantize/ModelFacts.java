package dev.chord.harness.quantize;

import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufValue;

/**
 * What llama.cpp's quantization mix reads from a model's hyper-parameters (src/llama-quant.cpp): the
 * architecture, the layer count ({@code n_layer_all}), heads and KV heads of layer 0 (for {@code n_gqa}) and the
 * expert count. Key names: src/llama-arch.cpp ({@code %s.block_count}, {@code %s.attention.head_count}, ...).
 */
public record ModelFacts(String architecture, int layers, int heads, int kvHeads, int experts) {

    /** The facts of a model's metadata; a missing or malformed key is an error naming it. */
    public static ModelFacts of(GgufMetadata m) {
        String arch = m.findString("general.architecture").orElseThrow(() -> new IllegalArgumentException(
                "no general.architecture: not a model file"));
        String p = arch + ".";
        int layers = m.getInt(p + "block_count");
        int heads = perLayerFirst(m, p + "attention.head_count", 0);
        int kvHeads = perLayerFirst(m, p + "attention.head_count_kv", heads);
        int experts = m.findInt(p + "expert_count").orElse(0);
        return new ModelFacts(arch, layers, heads, kvHeads, experts);
    }

    /** llama.cpp stores head counts per layer; the key may be one number or an array (layer 0 is used). */
    private static int perLayerFirst(GgufMetadata m, String key, int missing) {
        GgufValue v = m.find(key).orElse(null);
        if (v == null) {
            return missing;
        }
        if (v.isInteger()) {
            return m.getInt(key);
        }
        if (v.type() == dev.chord.gguf.GgufValueType.ARRAY && v.asArray().length() > 0) {
            return v.asArray().toIntArray()[0];
        }
        throw new IllegalArgumentException(key + ": expected an integer or an array of integers, found " + v.type());
    }

    /** {@code hparams.n_gqa()}: query heads per KV head (0 without KV heads). */
    public int gqa() {
        return kvHeads == 0 ? 0 : heads / kvHeads;
    }

    /**
     * Whether llama.cpp classifies the model as {@code LLM_TYPE_70B}: the llama architecture with 80 layers and
     * grouped-query attention, not an 8-expert model (src/models/llama.cpp {@code load_arch_hparams}).
     */
    public boolean is70B() {
        return architecture.equals("llama") && experts != 8 && layers == 80 && heads != kvHeads;
    }
}
