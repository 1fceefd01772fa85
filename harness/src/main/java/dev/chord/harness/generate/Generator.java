package dev.chord.harness.generate;

import dev.chord.api.model.LanguageModel;

import java.util.function.IntPredicate;

/**
 * The generation loop: the prompt goes through the model in batches (the matrix-matrix path), then tokens
 * are decoded one at a time (matrix-vector) and sampled. Prompt and decode times are kept apart, as
 * llama.cpp reports them. Buffers are allocated once per generator.
 */
public final class Generator {

    /** Timing of one generation: prompt tokens and nanoseconds, generated tokens and nanoseconds. */
    public record Stats(int promptTokens, long promptNanos, int generatedTokens, long decodeNanos) {
        public double promptTokensPerSecond() {
            return promptNanos == 0 ? Double.NaN : promptTokens * 1e9 / promptNanos;
        }

        public double decodeTokensPerSecond() {
            return decodeNanos == 0 ? Double.NaN : generatedTokens * 1e9 / decodeNanos;
        }
    }

    private final LanguageModel model;
    private final int vocab;
    private final float[] logits;
    private final int[] one = new int[1];

    public Generator(LanguageModel model) {
        this.model = model;
        this.vocab = model.info().vocabSize();
        this.logits = new float[vocab];
    }

    /**
     * Runs {@code prompt} from position 0, leaving the last token's logits in {@link #logits()}.
     *
     * @return nanoseconds spent
     */
    public long prefill(int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        if (prompt.length >= model.contextLength()) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the context holds "
                    + model.contextLength() + " (raise --ctx)");
        }
        long t0 = System.nanoTime();
        int batch = model.maxBatch();
        for (int pos = 0; pos < prompt.length; pos += batch) {
            int n = Math.min(batch, prompt.length - pos);
            model.forward(prompt, pos, n, pos, logits, false);
        }
        return System.nanoTime() - t0;
    }

    /**
     * Prefills {@code prompt}, then samples up to {@code maxTokens} tokens, handing each to {@code onToken};
     * stops early when {@code onToken} returns false (end of generation) or the context is full.
     */
    public Stats generate(int[] prompt, int maxTokens, Sampler sampler, IntPredicate onToken) {
        long promptNs = prefill(prompt);
        int pos = prompt.length;
        int produced = 0;
        long t0 = System.nanoTime();
        while (produced < maxTokens && pos < model.contextLength()) {
            int next = sampler.sample(logits, 0);
            produced++;
            if (!onToken.test(next) || produced == maxTokens || pos + 1 >= model.contextLength()) {
                break;
            }
            one[0] = next;
            model.forward(one, 0, 1, pos, logits, false);
            pos++;
        }
        return new Stats(prompt.length, promptNs, produced, System.nanoTime() - t0);
    }

    /** Logits of the last token processed. */
    public float[] logits() {
        return logits;
    }

    public int vocabSize() {
        return vocab;
    }
}
