package dev.chord.harness.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy when temperature is 0, otherwise top-k, then top-p (nucleus),
 * then min-p filtering, then temperature, then a seeded draw — the order of llama.cpp's default sampler
 * chain (common/sampling.cpp) for these samplers. Reuses its buffers: no allocation per token.
 */
public final class Sampler {

    /** Sampling parameters; {@code topK <= 0} and {@code topP >= 1} and {@code minP <= 0} disable those filters. */
    public record Params(float temperature, int topK, float topP, float minP, long seed) {
        public Params {
            if (temperature < 0 || Float.isNaN(temperature)) {
                throw new IllegalArgumentException("--temperature must be >= 0, got " + temperature);
            }
            if (topP <= 0 || topP > 1 || Float.isNaN(topP)) {
                throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
            }
            if (minP < 0 || minP > 1 || Float.isNaN(minP)) {
                throw new IllegalArgumentException("--min-p must be in [0, 1], got " + minP);
            }
        }

        public static Params greedy() {
            return new Params(0f, 0, 1f, 0f, 0);
        }
    }

    private final Params params;
    private final SplittableRandom random;
    private final int[] order;
    private final float[] probs;
    private final long[] keys;

    public Sampler(Params params, int vocabSize) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
        this.order = new int[vocabSize];
        this.probs = new float[vocabSize];
        this.keys = new long[vocabSize];
    }

    /** The next token given {@code vocabSize} logits starting at {@code off}. */
    public int sample(float[] logits, int off) {
        int n = order.length;
        if (params.temperature() == 0f) {
            return argmax(logits, off, n);
        }
        // candidates sorted by logit, descending (ties: lower id first, as a stable sort of ids does)
        int k = params.topK() > 0 ? Math.min(params.topK(), n) : n;
        int m = partialSortDescending(logits, off, n, k);
        // softmax over the kept candidates at temperature 1 for top-p / min-p decisions
        float max = logits[off + order[0]];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            float e = (float) Math.exp(logits[off + order[i]] - max);
            probs[i] = e;
            sum += e;
        }
        int keep = m;
        if (params.topP() < 1f) {
            double cum = 0;
            for (int i = 0; i < m; i++) {
                cum += probs[i] / sum;
                if (cum >= params.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        if (params.minP() > 0f) {
            float threshold = probs[0] * params.minP();
            int kk = 1;
            while (kk < keep && probs[kk] >= threshold) {
                kk++;
            }
            keep = kk;
        }
        // temperature, then draw
        double total = 0;
        float t = params.temperature();
        float top = logits[off + order[0]] / t;
        for (int i = 0; i < keep; i++) {
            float e = (float) Math.exp(logits[off + order[i]] / t - top);
            probs[i] = e;
            total += e;
        }
        double r = random.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += probs[i];
            if (r < acc) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    public static int argmax(float[] logits, int off, int n) {
        int best = 0;
        float bv = logits[off];
        for (int i = 1; i < n; i++) {
            if (logits[off + i] > bv) {
                bv = logits[off + i];
                best = i;
            }
        }
        return best;
    }

    /** Puts the k largest logits' ids first in {@link #order}, sorted descending; returns k. */
    private int partialSortDescending(float[] logits, int off, int n, int k) {
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (k < n) {
            // selection by a bounded min-heap over ids
            int[] heap = order; // reuse: heap occupies order[0..k)
            for (int i = 0; i < k; i++) {
                heap[i] = i;
                siftUp(heap, i, logits, off);
            }
            for (int i = k; i < n; i++) {
                if (better(i, heap[0], logits, off)) {
                    heap[0] = i;
                    siftDown(heap, 0, k, logits, off);
                }
            }
        }
        sortDescending(logits, off, k);
        return k;
    }

    private static boolean better(int a, int b, float[] l, int off) {
        float x = l[off + a];
        float y = l[off + b];
        return x > y || (x == y && a < b);
    }

    private static void siftUp(int[] h, int i, float[] l, int off) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (better(h[p], h[i], l, off)) {
                int t = h[p];
                h[p] = h[i];
                h[i] = t;
                i = p;
            } else {
                return;
            }
        }
    }

    private static void siftDown(int[] h, int i, int n, float[] l, int off) {
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                return;
            }
            if (c + 1 < n && better(h[c], h[c + 1], l, off)) {
                c++;
            }
            if (better(h[i], h[c], l, off)) {
                int t = h[c];
                h[c] = h[i];
                h[i] = t;
                i = c;
            } else {
                return;
            }
        }
    }

    private void sortDescending(float[] logits, int off, int k) {
        // insertion sort is fine for small k; large k (no top-k) uses a keyed sort
        if (k <= 64) {
            for (int i = 1; i < k; i++) {
                int id = order[i];
                int j = i - 1;
                while (j >= 0 && better(id, order[j], logits, off)) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = id;
            }
            return;
        }
        for (int i = 0; i < k; i++) {
            int bits = Float.floatToRawIntBits(logits[off + order[i]]);
            int sortable = bits >= 0 ? bits : bits ^ 0x7fffffff; // total order of floats as ints
            keys[i] = ((long) ~sortable << 32) | (order[i] & 0xffffffffL);
        }
        Arrays.sort(keys, 0, k);
        for (int i = 0; i < k; i++) {
            order[i] = (int) keys[i];
        }
    }
}
