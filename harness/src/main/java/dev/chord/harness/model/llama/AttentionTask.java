package dev.chord.harness.model.llama;

import dev.chord.api.exec.ChordExecutor;

/**
 * Causal grouped-query attention for a batch of tokens, parallel over (token, head) pairs, with the
 * rounding of llama.cpp's default CPU path: flash attention ({@code flash_attn_type = auto} enables it on
 * the CPU), ggml-cpu ops.cpp {@code ggml_compute_forward_flash_attn_ext_f16}:
 * <ul>
 *   <li>fewer than {@value #Q_TILE} query rows (decode, short prompts): one query at a time, the query
 *       converted to F16 to meet the F16 keys, scores in float, online softmax, and the weighted sum of
 *       values accumulated in an F16 vector ({@code VKQ16}, each multiply-add rounded to F16);</li>
 *   <li>{@value #Q_TILE} or more query rows (the tiled path): query in F32, F32 accumulation.</li>
 * </ul>
 * The tiny fixture models amplify these roundings: without them the probabilities drift by 0.02 from
 * llama.cpp's within two positions; with them they agree to four decimals.
 */
final class AttentionTask implements ChordExecutor.RangeTask {

    /** ggml's GGML_FA_TILE_Q: batches of at least this many queries take the F32 tiled path. */
    static final int Q_TILE = 64;

    private final LlamaConfig cfg;
    private final KvCache cache;
    private final float[][] scores;
    private final float[][] qh;
    private final float[][] acc;
    private final float[][] lanes;
    private final float scale;

    private int layer;
    private float[] q;
    private float[] out;
    private int pos;
    private boolean tiled;

    AttentionTask(LlamaConfig cfg, KvCache cache, int threads, int contextLength) {
        this.cfg = cfg;
        this.cache = cache;
        this.scores = new float[threads][contextLength];
        this.qh = new float[threads][cfg.headDim()];
        this.acc = new float[threads][cfg.headDim()];
        this.lanes = new float[threads][64];
        this.scale = (float) (1.0 / Math.sqrt(cfg.headDim()));
    }

    void run(ChordExecutor executor, int layer, float[] q, float[] out, int n, int pos) {
        this.layer = layer;
        this.q = q;
        this.out = out;
        this.pos = pos;
        this.tiled = n >= Q_TILE;
        executor.parallelFor(n * cfg.heads(), 1, this);
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int worker, int from, int to) {
        int heads = cfg.heads();
        int group = heads / cfg.kvHeads();
        int hd = cfg.headDim();
        for (int task = from; task < to; task++) {
            int b = task / heads;
            int h = task % heads;
            int kvOff = (h / group) * hd;
            int qOff = b * cfg.qDim() + h * hd;
            if (tiled) {
                attendF32(worker, pos + b, kvOff, qOff);
            } else {
                attendF16(worker, pos + b, kvOff, qOff);
            }
        }
    }

    private static float f16(float v) {
        return Float.float16ToFloat(Float.floatToFloat16(v));
    }

    /** One query, online softmax, F16 accumulator (ggml's flash_attn_ext one_chunk with F16 K and V). */
    private void attendF16(int worker, int p, int kvOff, int qOff) {
        int hd = cfg.headDim();
        int kvDim = cfg.kvDim();
        short[] kc = cache.k[layer];
        short[] vc = cache.v[layer];
        float[] qv = qh[worker];
        float[] a = acc[worker];
        float[] ln = lanes[worker];
        for (int i = 0; i < hd; i++) {
            qv[i] = f16(q[qOff + i]);
            a[i] = 0f;
        }
        float m = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int t = 0; t <= p; t++) {
            float s = dotF16(qv, kc, t * kvDim + kvOff, hd, ln) * scale;
            float ms = 1f;
            float vs = 1f;
            if (s > m) {
                ms = (float) Math.exp(m - s);
                m = s;
                for (int i = 0; i < hd; i++) {
                    a[i] = f16(a[i] * ms);
                }
            } else {
                vs = (float) Math.exp(s - m);
            }
            int vo = t * kvDim + kvOff;
            for (int i = 0; i < hd; i++) {
                a[i] = f16(Math.fma(Float.float16ToFloat(vc[vo + i]), vs, a[i]));
            }
            sum = sum * ms + vs;
        }
        float inv = 1f / sum;
        for (int i = 0; i < hd; i++) {
            out[qOff + i] = a[i] * inv;
        }
    }

    /**
     * ggml's {@code ggml_vec_dot_f16} on AVX-512 (vec.cpp, simd-mappings.h without AVX512-FP16), summed in
     * the same order so the score is bit-identical: 4 accumulators of 16 lanes take fused multiply-adds over
     * chunks of 64, the accumulators are added pairwise (0+2, 1+3, then 0+1), the 16 lanes are reduced as
     * GCC's {@code _mm512_reduce_add_ps} does (l+8, l+4, l+2, l+1), and a tail shorter than 64 is added in double.
     */
    static float dotF16(float[] q, short[] k, int ko, int n, float[] lanes) {
        int np = n & ~63;
        java.util.Arrays.fill(lanes, 0f);
        for (int i = 0; i < np; i += 64) {
            for (int l = 0; l < 64; l++) {
                lanes[l] = Math.fma(q[i + l], Float.float16ToFloat(k[ko + i + l]), lanes[l]);
            }
        }
        for (int l = 0; l < 16; l++) {
            lanes[l] += lanes[32 + l];
            lanes[16 + l] += lanes[48 + l];
        }
        for (int l = 0; l < 16; l++) {
            lanes[l] += lanes[16 + l];
        }
        for (int l = 0; l < 8; l++) {
            lanes[l] = lanes[l + 8] + lanes[l];
        }
        for (int l = 0; l < 4; l++) {
            lanes[l] = lanes[l + 4] + lanes[l];
        }
        double sum = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
        for (int i = np; i < n; i++) {
            sum += q[i] * Float.float16ToFloat(k[ko + i]);
        }
        return (float) sum;
    }

    /** One query in F32: scores, softmax with the exponent sum in double, F32 weighted sum of values. */
    private void attendF32(int worker, int p, int kvOff, int qOff) {
        int hd = cfg.headDim();
        int kvDim = cfg.kvDim();
        short[] kc = cache.k[layer];
        short[] vc = cache.v[layer];
        float[] s = scores[worker];
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t <= p; t++) {
            int ko = t * kvDim + kvOff;
            float dot = 0f;
            for (int i = 0; i < hd; i++) {
                dot += q[qOff + i] * Float.float16ToFloat(kc[ko + i]);
            }
            s[t] = dot * scale;
            max = Math.max(max, s[t]);
        }
        double sum = 0;
        for (int t = 0; t <= p; t++) {
            s[t] = (float) Math.exp(s[t] - max);
            sum += s[t];
        }
        float inv = (float) (1.0 / sum);
        float[] a = acc[worker];
        java.util.Arrays.fill(a, 0f);
        for (int t = 0; t <= p; t++) {
            float w = s[t];
            int vo = t * kvDim + kvOff;
            for (int i = 0; i < hd; i++) {
                a[i] = Math.fma(Float.float16ToFloat(vc[vo + i]), w, a[i]);
            }
        }
        for (int i = 0; i < hd; i++) {
            out[qOff + i] = a[i] * inv;
        }
    }
}
