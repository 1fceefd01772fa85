package dev.chord.harness.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Real models' dimensions, for synthetic models of realistic size and shape. Sources: each model's
 * Hugging Face {@code config.json} (hidden_size, num_hidden_layers, num_attention_heads,
 * num_key_value_heads, intermediate_size, vocab_size, tie_word_embeddings, rope_theta, rope_scaling,
 * max_position_embeddings, rms_norm_eps).
 */
public enum SynthPreset {
    /** Chord's own small model (the fixtures' tiny-llama-spm shape with a small vocabulary), for tests. */
    TINY("tiny", new ModelShape("tiny", 256, 4, 4, 2, 768, 1024, false, 10000f, null, 2048, 1e-5f)),
    /** HuggingFaceTB/SmolLM2-135M. */
    SMOLLM2_135M("smollm2-135m", new ModelShape("smollm2-135m", 576, 30, 9, 3, 1536, 49152, true, 100000f, null,
            8192, 1e-5f)),
    /** TinyLlama/TinyLlama-1.1B-Chat-v1.0. */
    TINYLLAMA_1_1B("tinyllama-1.1b", new ModelShape("tinyllama-1.1b", 2048, 22, 32, 4, 5632, 32000, false, 10000f,
            null, 2048, 1e-5f)),
    /** meta-llama/Llama-3.2-1B: llama3 RoPE scaling, tied embeddings. */
    LLAMA_3_2_1B("llama-3.2-1b", new ModelShape("llama-3.2-1b", 2048, 16, 32, 8, 8192, 128256, true, 500000f,
            Llama3RopeScaling.LLAMA_3_2, 131072, 1e-5f)),
    /** meta-llama/Llama-2-7b-hf. */
    LLAMA_2_7B("llama-2-7b", new ModelShape("llama-2-7b", 4096, 32, 32, 32, 11008, 32000, false, 10000f, null,
            4096, 1e-5f));

    private final String id;
    private final ModelShape shape;

    SynthPreset(String id, ModelShape shape) {
        this.id = id;
        this.shape = shape;
    }

    /** The name users type: {@code tinyllama-1.1b}. */
    public String id() {
        return id;
    }

    public ModelShape shape() {
        return shape;
    }

    /** The preset named {@code name}, case-insensitively; an unknown name is an error listing the presets. */
    public static SynthPreset parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (SynthPreset p : values()) {
            if (p.id.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; valid: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(SynthPreset::id).collect(Collectors.joining(", "));
    }
}
