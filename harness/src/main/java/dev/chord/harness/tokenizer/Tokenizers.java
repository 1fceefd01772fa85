package dev.chord.harness.tokenizer;

import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufMetadata;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes the tokenizer a GGUF file describes. {@code tokenizer.ggml.model} chooses the family:
 * {@code llama} is SentencePiece, {@code gpt2} is byte-level BPE with the pre-tokenizer
 * {@code tokenizer.ggml.pre} names ({@link BpePreTokenizer}: {@code llama-bpe}/{@code llama3} and relatives,
 * {@code gpt-2} and relatives, {@code default}). Any other family or pre-tokenizer is a
 * {@link TokenizerException} naming it and what is supported: Chord does not guess, because a wrong
 * pre-tokenizer gives plausible but different tokens. A BPE file without {@code tokenizer.ggml.pre} gets
 * {@code default}, with a warning, as in llama.cpp.
 */
public final class Tokenizers {
    private Tokenizers() {
    }

    /** The tokenizer of a model's metadata. */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        Vocabulary v = Vocabulary.load(metadata);
        return switch (v.model) {
            case SPM -> new SentencePieceTokenizer(v);
            case BPE -> new ByteLevelBpeTokenizer(v);
        };
    }

    /** The tokenizer of a GGUF file; errors name the file. */
    public static Tokenizer fromGguf(Path file) throws IOException {
        try (GgufFile f = GgufFile.open(file)) {
            return fromGguf(f.metadata());
        } catch (TokenizerException e) {
            throw new TokenizerException(file + ": " + e.getMessage());
        }
    }
}
