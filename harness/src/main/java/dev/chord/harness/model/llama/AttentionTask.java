package dev.chord.harness.model.llama;

import dev.chord.api.exec.ChordExecutor;

/**
 * Causal grouped-query attention for a batch of tokens, parallel over (token, head) pairs.
 *
 * <p>Rounding follows llama.cpp's CPU graph without flash attention: the query is converted to F16 to
 * meet the F16 keys ({@code mul_mat(k, q)} converts its activation to the weight's vec_dot type), scores
 * are scaled and soft-maxed in float with the exponent sum in double, and the probabilities are converted
 * to F16 to meet the F16 values ({@code mul_mat(v, kq)}).
 */
final class AttentionTask implements ChordExecutor.RangeTask {
    private final LlamaConfig cfg;
    private final KvCache cache;
    private final float[][] scores;
    private final float[][] qh;
    private final float scale;

    private int layer;
    private float[] q;
    private float[] out;
    private int pos;

    AttentionTask(LlamaConfig cfg, KvCache cache, int threads, int contextLength) {
        this.cfg = cfg;
        this.cache = cache;
        this.scores = new float[threads][contextLength];
        this.qh = new float[threads][cfg.headDim()];
        this.scale = (float) (1.0 / Math.sqrt(cfg.headDim()));
    }

    void run(ChordExecutor executor, int layer, float[] q, float[] out, int n, int pos) {
        this.layer = layer;
        this.q = q;
        this.out = out;
        this.pos = pos;
        executor.parallelFor(n * cfg.heads(), 1, this);
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int worker, int from, int to) {
        int heads = cfg.heads();
        int hd = cfg.headDim();
        int kvDim = cfg.kvDim();
        int group = heads / cfg.kvHeads();
        short[] kc = cache.k[layer];
        short[] vc = cache.v[layer];
        float[] s = scores[worker];
        float[] qv = qh[worker];
        for (int task = from; task < to; task++) {
            int b = task / heads;
            int h = task % heads;
            int p = pos + b;
            int kvOff = (h / group) * hd;
            int qOff = b * cfg.qDim() + h * hd;
            for (int i = 0; i < hd; i++) {
                qv[i] = Float.float16ToFloat(Float.floatToFloat16(q[qOff + i]));
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t <= p; t++) {
                int ko = t * kvDim + kvOff;
                float dot = 0f;
                for (int i = 0; i < hd; i++) {
                    dot += qv[i] * Float.float16ToFloat(kc[ko + i]);
                }
                float sc = dot * scale;
                s[t] = sc;
                if (sc > max) {
                    max = sc;
                }
            }
            double sum = 0;
            for (int t = 0; t <= p; t++) {
                float e = (float) Math.exp(s[t] - max);
                s[t] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int t = 0; t <= p; t++) {
                s[t] = Float.float16ToFloat(Float.floatToFloat16(s[t] * inv));
            }
            int oOff = b * cfg.qDim() + h * hd;
            for (int i = 0; i < hd; i++) {
                out[oOff + i] = 0f;
            }
            for (int t = 0; t <= p; t++) {
                float w = s[t];
                int vo = t * kvDim + kvOff;
                for (int i = 0; i < hd; i++) {
                    out[oOff + i] += w * Float.float16ToFloat(vc[vo + i]);
                }
            }
        }
    }
}
