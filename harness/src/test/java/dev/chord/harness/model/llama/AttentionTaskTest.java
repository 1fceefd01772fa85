package dev.chord.harness.model.llama;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.kernel.F16VecOps;
import dev.chord.api.testing.Seeds;
import dev.chord.harness.model.ggml.GgmlVec;
import dev.chord.harness.model.ggml.GlibcMath;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both flash-attention paths against softmax attention in double over the same F16 keys and values, and
 * independent of the thread count. The one-query path rounds the query and the running sum of values to F16,
 * so it is looser than the tiled path, which stays in F32.
 */
class AttentionTaskTest {

    private final long seed = Seeds.seed(20261128L);

    // 4 query heads over 2 KV heads of 64: the GQA shape of the fixture models
    private final LlamaConfig cfg = new LlamaConfig("llama", 256, 1, 4, 2, 64, 512, 100, 256, 1e-5f, 10000f, 64, 1f);

    @Test
    void onePathAndTiledPathComputeAttention() {
        SplittableRandom rnd = new SplittableRandom(seed);
        int positions = 130;
        KvCache cache = randomCache(rnd, positions);
        for (int n : new int[] {1, 5, 64, 70}) {
            int pos = positions - n;
            float[] q = gaussian(rnd, n * cfg.qDim(), 2.0);
            float[] out = new float[n * cfg.qDim()];
            try (ChordExecutor ex = ChordExecutor.create(2)) {
                new AttentionTask(cfg, cache, 2, positions).run(ex, 0, q, out, n, pos);
            }
            // F16 query and F16 running sum (each step rounds to 2^-11 relative) against all-F32
            double bound = n >= AttentionTask.Q_TILE ? 1e-5 : 1e-2;
            double worst = worstError(cache, q, out, n, pos);
            assertTrue(worst <= bound, Seeds.replay(seed) + n + " queries: error " + worst + " > " + bound);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        int positions = 100;
        KvCache cache = randomCache(rnd, positions);
        for (int n : new int[] {3, 64}) {
            float[] q = gaussian(rnd, n * cfg.qDim(), 2.0);
            float[] one = new float[q.length];
            float[] two = new float[q.length];
            try (ChordExecutor e1 = ChordExecutor.create(1); ChordExecutor e2 = ChordExecutor.create(2)) {
                new AttentionTask(cfg, cache, 1, positions).run(e1, 0, q, one, n, positions - n);
                new AttentionTask(cfg, cache, 2, positions).run(e2, 0, q, two, n, positions - n);
            }
            assertArrayEquals(one, two, Seeds.replay(seed) + n + " queries");
        }
    }

    /**
     * The tiled path (64 or more queries) against its definition written as plain loops (keys converted one by
     * one, each score an fma chain over the head dimension, each value dimension an fma chain over the tile's
     * positions), bit for bit, with each F16 routine implementation: the kernel converts a tile of keys at once,
     * runs four score chains side by side and sums values in lanes, none of which may change a bit.
     */
    @Test
    void tiledPathEqualsItsPlainLoopsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(seed + 2);
        int positions = 200;
        KvCache cache = randomCache(rnd, positions);
        for (F16VecOps ops : F16VecOps.registry().available()) {
            for (int n : new int[] {64, 70}) {
                int pos = positions - n;
                float[] q = gaussian(rnd, n * cfg.qDim(), 2.0);
                float[] out = new float[n * cfg.qDim()];
                try (ChordExecutor ex = ChordExecutor.create(2)) {
                    new AttentionTask(cfg, cache, 2, positions, ops).run(ex, 0, q, out, n, pos);
                }
                for (int b = 0; b < n; b++) {
                    for (int h = 0; h < cfg.heads(); h++) {
                        float[] want = tiledReference(cache, q, b * cfg.qDim() + h * cfg.headDim(),
                                (h / (cfg.heads() / cfg.kvHeads())) * cfg.headDim(), pos + b);
                        for (int i = 0; i < want.length; i++) {
                            int at = b * cfg.qDim() + h * cfg.headDim() + i;
                            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(out[at]),
                                    Seeds.replay(seed) + ops.name() + ", " + n + " queries, query " + b + " head " + h
                                            + " dim " + i + ": " + out[at] + " vs " + want[i]);
                        }
                    }
                }
            }
        }
    }

    /** ggml's tiled flash attention for one query, as plain loops (the order {@link AttentionTask} documents). */
    private float[] tiledReference(KvCache cache, float[] q, int qOff, int kvOff, int p) {
        int hd = cfg.headDim();
        int kvDim = cfg.kvDim();
        float scale = 1.0f / (float) Math.sqrt(hd);
        float[] a = new float[hd];
        float[] kq = new float[AttentionTask.KV_TILE];
        float[] lanes = new float[F16VecOps.SCRATCH];
        float m = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int t0 = 0; t0 <= p; t0 += AttentionTask.KV_TILE) {
            int end = Math.min(t0 + AttentionTask.KV_TILE, p + 1);
            float tileMax = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < AttentionTask.KV_TILE; j++) {
                int t = t0 + j;
                if (t < end) {
                    float dot = 0f;
                    for (int i = 0; i < hd; i++) {
                        dot = Math.fma(Float.float16ToFloat(cache.k[0][t * kvDim + kvOff + i]), q[qOff + i], dot);
                    }
                    kq[j] = dot * scale + 0f;
                } else {
                    kq[j] = Float.NEGATIVE_INFINITY;
                }
                tileMax = kq[j] > tileMax ? kq[j] : tileMax;
            }
            float mNew = Math.max(m, tileMax);
            if (mNew > m) {
                float ms = GlibcMath.expf(m - mNew);
                for (int i = 0; i < hd; i++) {
                    a[i] *= ms;
                }
                sum *= ms;
            }
            m = mNew;
            sum = (float) (sum + GgmlVec.softMax(kq, 0, AttentionTask.KV_TILE, mNew, lanes));
            for (int i = 0; i < hd; i++) {
                float v = a[i];
                for (int t = t0; t < end; t++) {
                    v = Math.fma(Float.float16ToFloat(cache.v[0][t * kvDim + kvOff + i]), kq[t - t0], v);
                }
                a[i] = v;
            }
        }
        float inv = sum == 0f ? 0f : 1f / sum;
        for (int i = 0; i < hd; i++) {
            a[i] *= inv;
        }
        return a;
    }

    private KvCache randomCache(SplittableRandom rnd, int positions) {
        KvCache cache = new KvCache(1, positions, cfg.kvDim());
        for (int p = 0; p < positions; p++) {
            cache.store(0, p, gaussian(rnd, cfg.kvDim(), 1.0), gaussian(rnd, cfg.kvDim(), 1.0), 0);
        }
        return cache;
    }

    /** Largest |out - ref| / max|ref| per head, with ref = softmax(q.k * scale) . v in double, causal from pos. */
    private double worstError(KvCache cache, float[] q, float[] out, int n, int pos) {
        int hd = cfg.headDim();
        double scale = 1.0 / Math.sqrt(hd);
        double worst = 0;
        for (int b = 0; b < n; b++) {
            int p = pos + b;
            for (int h = 0; h < cfg.heads(); h++) {
                int kvOff = (h / (cfg.heads() / cfg.kvHeads())) * hd;
                int qOff = b * cfg.qDim() + h * hd;
                double[] s = new double[p + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t <= p; t++) {
                    double dot = 0;
                    for (int i = 0; i < hd; i++) {
                        dot += q[qOff + i] * (double) Float.float16ToFloat(cache.k[0][t * cfg.kvDim() + kvOff + i]);
                    }
                    s[t] = dot * scale;
                    max = Math.max(max, s[t]);
                }
                double sum = 0;
                for (int t = 0; t <= p; t++) {
                    s[t] = Math.exp(s[t] - max);
                    sum += s[t];
                }
                double[] ref = new double[hd];
                for (int t = 0; t <= p; t++) {
                    for (int i = 0; i < hd; i++) {
                        ref[i] += s[t] / sum * Float.float16ToFloat(cache.v[0][t * cfg.kvDim() + kvOff + i]);
                    }
                }
                double mag = Arrays.stream(ref).map(Math::abs).max().orElse(1);
                for (int i = 0; i < hd; i++) {
                    worst = Math.max(worst, Math.abs(out[qOff + i] - ref[i]) / mag);
                }
            }
        }
        return worst;
    }

    private static float[] gaussian(SplittableRandom rnd, int n, double sigma) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        return v;
    }
}
