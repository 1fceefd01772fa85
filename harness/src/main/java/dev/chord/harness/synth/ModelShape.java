package dev.chord.harness.synth;

import java.util.Optional;

/**
 * The dimensions of a llama-architecture model: what {@link ModelSynthesizer} needs to write one with llama.cpp's
 * tensor names and shapes. {@code vocab} is the number of tokens (rows of {@code token_embd}); {@code tied}
 * models have no {@code output.weight} and reuse the embedding.
 */
public record ModelShape(String name, int dim, int layers, int heads, int kvHeads, int ffn, int vocab, boolean tied,
                         float ropeBase, Llama3RopeScaling ropeScaling, int contextLength, float rmsEps) {

    public ModelShape {
        require(dim > 0 && layers > 0 && heads > 0 && kvHeads > 0 && ffn > 0 && vocab > 0 && contextLength > 0,
                "dimensions must be positive");
        require(dim % heads == 0, "dim " + dim + " is not a multiple of the " + heads + " heads");
        require(heads % kvHeads == 0, heads + " heads are not a multiple of " + kvHeads + " KV heads");
        require((dim / heads) % 2 == 0, "the head size " + dim / heads + " must be even (RoPE rotates pairs)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public int headDim() {
        return dim / heads;
    }

    public int kvDim() {
        return kvHeads * headDim();
    }

    public Optional<Llama3RopeScaling> llama3Rope() {
        return Optional.ofNullable(ropeScaling);
    }

    /** The same model with another vocabulary size (a tokenizer taken from another file). */
    public ModelShape withVocab(int v) {
        return new ModelShape(name, dim, layers, heads, kvHeads, ffn, v, tied, ropeBase, ropeScaling, contextLength,
                rmsEps);
    }

    /** Parameters of the model as llama.cpp stores it ({@code rope_freqs} included). */
    public long parameterCount() {
        long perLayer = 2L * dim                              // attn_norm, ffn_norm
                + (long) dim * dim * 2                        // attn_q, attn_output
                + (long) dim * kvDim() * 2                    // attn_k, attn_v
                + (long) dim * ffn * 3;                       // ffn_gate, ffn_up, ffn_down
        long n = perLayer * layers + dim + (long) vocab * dim * (tied ? 1 : 2);
        return n + (ropeScaling != null ? headDim() / 2 : 0);
    }
}
