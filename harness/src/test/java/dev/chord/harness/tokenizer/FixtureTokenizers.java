package dev.chord.harness.tokenizer;

import dev.chord.api.testing.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** llama.cpp's vocabularies from the fixtures, each loaded once per test run. */
final class FixtureTokenizers {
    private static final ConcurrentHashMap<Path, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private FixtureTokenizers() {
    }

    /** Llama 2's SentencePiece vocabulary (32000 tokens). */
    static Tokenizer spm() {
        return load(Fixtures.vocab().resolve("ggml-vocab-llama-spm.gguf"));
    }

    /** Llama 3's byte-level BPE vocabulary (128256 tokens, pre-tokenizer llama-bpe). */
    static Tokenizer bpe() {
        return load(Fixtures.vocab().resolve("ggml-vocab-llama-bpe.gguf"));
    }

    static Tokenizer load(Path gguf) {
        return LOADED.computeIfAbsent(gguf.toAbsolutePath().normalize(), p -> {
            try {
                return Tokenizers.fromGguf(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
