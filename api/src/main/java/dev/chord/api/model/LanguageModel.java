package dev.chord.api.model;

/**
 * A decoder-only language model with its KV cache: feed tokens, get next-token logits.
 * Not thread-safe; one sequence at a time.
 */
public interface LanguageModel extends AutoCloseable {

    ModelInfo info();

    /** KV-cache capacity in tokens. */
    int contextLength();

    /** Most tokens one {@link #forward} call accepts. */
    int maxBatch();

    /**
     * Runs {@code tokens[off .. off+n)} at positions {@code pos .. pos+n-1}, replacing whatever the KV cache
     * held from {@code pos} on, and writes logits: for the last token only ({@code vocabSize} values), or,
     * if {@code allLogits}, for each of the n tokens ({@code n * vocabSize} values, token-major).
     *
     * @throws IllegalArgumentException if n exceeds {@link #maxBatch()}, positions exceed the context, or a
     *                                  token id is outside the vocabulary
     */
    void forward(int[] tokens, int off, int n, int pos, float[] logits, boolean allLogits);

    @Override
    void close();
}
