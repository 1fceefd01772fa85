package dev.chord.harness.bench;

import dev.chord.api.model.LanguageModel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * llama-bench's two tests on a loaded model: prompt processing (pp: P tokens in batches from an empty
 * context) and text generation (tg: G tokens one at a time from an empty context), with seeded random tokens,
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
        check(tokens);
        int[] ids = randomTokens(tokens);
        float[] logits = new float[model.info().vocabSize()];
        for (int i = 0; i < warmups; i++) {
            pp(ids, logits);
        }
        double[] tps = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long ns = pp(ids, logits);
            tps[r] = tokens * 1e9 / ns;
        }
        return new Result("pp" + tokens, tokens, tps);
    }

    public Result textGeneration(int tokens, int warmups, int repetitions) {
        check(tokens);
        int[] ids = randomTokens(tokens);
        float[] logits = new float[model.info().vocabSize()];
        for (int i = 0; i < warmups; i++) {
            tg(ids, logits);
        }
        double[] tps = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long ns = tg(ids, logits);
            tps[r] = tokens * 1e9 / ns;
        }
        return new Result("tg" + tokens, tokens, tps);
    }

    private void check(int tokens) {
        if (tokens < 1 || tokens > model.contextLength()) {
            throw new IllegalArgumentException(tokens + " tokens: expected 1.." + model.contextLength() + " (raise --ctx)");
        }
    }

    private long pp(int[] ids, float[] logits) {
        long t0 = System.nanoTime();
        int batch = model.maxBatch();
        for (int pos = 0; pos < ids.length; pos += batch) {
            model.forward(ids, pos, Math.min(batch, ids.length - pos), pos, logits, false);
        }
        return System.nanoTime() - t0;
    }

    private long tg(int[] ids, float[] logits) {
        long t0 = System.nanoTime();
        for (int pos = 0; pos < ids.length; pos++) {
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
