package dev.chord.harness.bench;

import dev.chord.api.model.LanguageModel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * llama-bench's two tests on a loaded model: prompt processing (pp: P tokens in batches) and text generation
 * (tg: G tokens one at a time), from an empty context or after a filled depth, with seeded random tokens,
 * a warm-up run of each kept out of the measurement, and R measured repetitions.
 */
public final class EndToEndBench {

    /** One test's repetitions, in tokens per second. */
    public record Result(String test, int tokens, double[] tokensPerSecond) {
        public double mean() {
            return Arrays.stream(tokensPerSecond).average().orElse(Double.NaN);
        }

        public double sd() {
            double m = mean();
            int n = tokensPerSecond.length;
            if (n < 2) {
                return 0;
            }
            double s = 0;
            for (double v : tokensPerSecond) {
                s += (v - m) * (v - m);
            }
            return Math.sqrt(s / (n - 1));
        }
    }

    private final LanguageModel model;
    private final SplittableRandom random;

    public EndToEndBench(LanguageModel model, long seed) {
        this.model = model;
        this.random = new SplittableRandom(seed);
    }

    public Result promptProcessing(int tokens, int warmups, int repetitions) {
        return promptProcessing(tokens, 0, warmups, repetitions);
    }

    public Result textGeneration(int tokens, int warmups, int repetitions) {
        return textGeneration(tokens, 0, warmups, repetitions);
    }

    /**
     * A prompt of {@code tokens} processed at positions {@code depth..}, after {@code depth} tokens already in the
     * KV cache (llama-bench's {@code -d}; the context is filled once, untimed, and each repetition overwrites the
     * positions after it).
     */
    public Result promptProcessing(int tokens, int depth, int warmups, int repetitions) {
        return measure("pp", tokens, depth, warmups, repetitions, this::pp);
    }

    /** {@code tokens} decoded one at a time at positions {@code depth..}, after {@code depth} cached tokens. */
    public Result textGeneration(int tokens, int depth, int warmups, int repetitions) {
        return measure("tg", tokens, depth, warmups, repetitions, this::tg);
    }

    /** One timed run of a test over {@code ids[depth..]}, in nanoseconds. */
    private interface Run {
        long nanos(int[] ids, int depth, float[] logits);
    }

    private Result measure(String kind, int tokens, int depth, int warmups, int repetitions, Run run) {
        check(tokens, depth);
        int[] ids = randomTokens(depth + tokens);
        float[] logits = new float[model.info().vocabSize()];
        fill(ids, depth, logits);
        for (int i = 0; i < warmups; i++) {
            run.nanos(ids, depth, logits);
        }
        double[] tps = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            tps[r] = tokens * 1e9 / run.nanos(ids, depth, logits);
        }
        return new Result(testName(kind, tokens, depth), tokens, tps);
    }

    /** llama-bench's names: {@code tg32}, or {@code tg32 @ d512} with a depth. */
    private static String testName(String kind, int tokens, int depth) {
        return kind + tokens + (depth > 0 ? " @ d" + depth : "");
    }

    private void check(int tokens, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth + ": expected 0 or more cached tokens");
        }
        if (tokens < 1 || (long) depth + tokens > model.contextLength()) {
            throw new IllegalArgumentException(tokens + " tokens after a depth of " + depth + ": the test needs 1.."
                    + (model.contextLength() - depth) + " tokens for a context of " + model.contextLength() + " (raise --ctx)");
        }
    }

    /** The first {@code depth} tokens into the KV cache, in batches, untimed. */
    private void fill(int[] ids, int depth, float[] logits) {
        int batch = model.maxBatch();
        for (int pos = 0; pos < depth; pos += batch) {
            model.forward(ids, pos, Math.min(batch, depth - pos), pos, logits, false);
        }
    }

    private long pp(int[] ids, int depth, float[] logits) {
        long t0 = System.nanoTime();
        int batch = model.maxBatch();
        for (int pos = depth; pos < ids.length; pos += batch) {
            model.forward(ids, pos, Math.min(batch, ids.length - pos), pos, logits, false);
        }
        return System.nanoTime() - t0;
    }

    private long tg(int[] ids, int depth, float[] logits) {
        long t0 = System.nanoTime();
        for (int pos = depth; pos < ids.length; pos++) {
            model.forward(ids, pos, 1, pos, logits, false);
        }
        return System.nanoTime() - t0;
    }

    private int[] randomTokens(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(model.info().vocabSize());
        }
        return ids;
    }
}
