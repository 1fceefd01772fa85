package dev.chord.harness.model.llama;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.kernel.F16VecOps;
import dev.chord.harness.model.ggml.GgmlVec;
import dev.chord.harness.model.ggml.GlibcMath;

/**
 * Causal grouped-query attention for a batch of tokens, parallel over (token, head) pairs, bit for bit as
 * llama.cpp's default CPU path: flash attention ({@code flash_attn_type = auto} enables it on the CPU),
 * ggml-cpu ops.cpp {@code ggml_compute_forward_flash_attn_ext_f16}, which takes one of two paths:
 * <ul>
 *   <li>fewer than {@value #Q_TILE} query rows (decode, short prompts): one query at a time, the query
 *       converted to F16 to meet the F16 keys, scores in float, online softmax, and the weighted sum of
 *       values accumulated in an F16 vector ({@code VKQ16}, each multiply-add rounded to F16);</li>
 *   <li>{@value #Q_TILE} or more query rows (the tiled path): query in F32, tiles of {@value #KV_TILE}
 *       positions, F32 accumulation.</li>
 * </ul>
 * The results do not depend on the thread count. llama.cpp's do in one case: decoding a single token over
 * 512 or more cached cells (more than 256 positions used), where it splits the positions among its threads
 * and merges partial softmaxes; with one thread that merge is exact, and that is what Chord computes.
 * The tiny fixture models amplify every rounding: one F16 rounding flipped moves probabilities by 1e-3..1e-2.
 */
final class AttentionTask implements ChordExecutor.RangeTask {

    private static final System.Logger LOG = System.getLogger(AttentionTask.class.getName());

    /** ggml's GGML_FA_TILE_Q: batches of at least this many queries take the F32 tiled path. */
    static final int Q_TILE = 64;
    /** ggml's GGML_FA_TILE_KV: the tiled path's positions per tile. */
    static final int KV_TILE = 64;

    private final LlamaConfig cfg;
    private final KvCache cache;
    private final float[][] scores;
    private final float[][] qh;
    private final float[][] acc;
    private final float[][] lanes;
    /** Per worker: a tile of keys converted to F32, {@value #KV_TILE} rows of the head dimension. */
    private final float[][] keyTile;
    private final float scale;
    /** The F16 routines of both paths: {@code vector.f16} where it runs, else {@code scalar.f16}. */
    private final F16VecOps f16;

    private int layer;
    private float[] q;
    private float[] out;
    private int pos;
    private boolean tiled;

    AttentionTask(LlamaConfig cfg, KvCache cache, int threads, int contextLength) {
        this(cfg, cache, threads, contextLength, F16VecOps.select(null));
    }

    AttentionTask(LlamaConfig cfg, KvCache cache, int threads, int contextLength, F16VecOps f16) {
        this.cfg = cfg;
        this.cache = cache;
        this.scores = new float[threads][KV_TILE];
        this.qh = new float[threads][cfg.headDim()];
        this.acc = new float[threads][cfg.headDim()];
        this.lanes = new float[threads][F16VecOps.SCRATCH];
        this.keyTile = new float[threads][KV_TILE * cfg.headDim()];
        this.scale = 1.0f / (float) Math.sqrt(cfg.headDim());  // llama.cpp's kq_scale = 1.0f/sqrtf(n_embd_head)
        this.f16 = f16;
        LOG.log(System.Logger.Level.DEBUG, "attention F16 routines: {0}", f16.name());
    }

    void run(ChordExecutor executor, int layer, float[] q, float[] out, int n, int pos) {
        this.layer = layer;
        this.q = q;
        this.out = out;
        this.pos = pos;
        this.tiled = n >= Q_TILE && cfg.headDim() % 16 == 0;  // ggml also needs DV % GGML_F32_EPR == 0
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
                attendTiled(worker, pos + b, kvOff, qOff);
            } else {
                attendF16(worker, pos + b, kvOff, qOff);
            }
        }
    }

    /**
     * One query, ggml's {@code ggml_compute_forward_flash_attn_ext_f16_one_chunk} with F16 K and V: the query
     * rounded to F16, each score {@code ggml_vec_dot_f16(k, q) * scale}, online softmax with glibc's
     * {@code expf}, the weighted sum of values accumulated in F16 ({@code VKQ16}: {@code ggml_vec_scale_f16} on
     * a new maximum, {@code ggml_vec_mad_f16} per position), then divided by the softmax sum.
     */
    private void attendF16(int worker, int p, int kvOff, int qOff) {
        int hd = cfg.headDim();
        int kvDim = cfg.kvDim();
        short[] kc = cache.k[layer];
        short[] vc = cache.v[layer];
        float[] qv = qh[worker];
        float[] a = acc[worker];
        float[] ln = lanes[worker];
        for (int i = 0; i < hd; i++) {
            qv[i] = GgmlVec.f16(q[qOff + i]);
            a[i] = 0f;
        }
        float m = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int t = 0; t <= p; t++) {
            float s = f16.dot(qv, 0, kc, t * kvDim + kvOff, hd, ln) * scale;
            float ms = 1f;
            float vs = 1f;
            if (s > m) {
                float old = m;
                m = s;
                ms = GlibcMath.expf(old - m);
                f16.scale(a, ms, hd);
            } else {
                vs = GlibcMath.expf(s - m);
            }
            f16.mad(a, vc, t * kvDim + kvOff, vs, hd);
            sum = sum * ms + vs;
        }
        float inv = sum == 0f ? 0f : 1f / sum;
        for (int i = 0; i < hd; i++) {
            out[qOff + i] = a[i] * inv;
        }
    }

    /**
     * One query of a batch of {@value #Q_TILE} or more, ggml's {@code ggml_compute_forward_flash_attn_ext_tiled}:
     * the query in F32, keys and values converted to F32, positions in tiles of {@value #KV_TILE} from 0. Per
     * tile: each score an fma chain over the head dimension ({@code simd_gemm}), times the scale, plus the mask's
     * 0; on a new maximum the running sums are scaled by glibc's {@code expf(old - new)}; the tile's
     * probabilities from {@code ggml_vec_soft_max_f32} (ggml's vector exp, summed in double); the values added
     * as an fma chain over the tile's positions ({@code simd_gemm}). Masked positions (after {@code p}) add
     * nothing. Then the sum divides. Computed with the same roundings in a faster order: a tile's keys converted
     * to F32 at once ({@link F16VecOps#toFloat}), four score chains side by side (each still one chain in order),
     * and the value chains in vector lanes, one position at a time ({@link F16VecOps#madF32}).
     */
    private void attendTiled(int worker, int p, int kvOff, int qOff) {
        int hd = cfg.headDim();
        int kvDim = cfg.kvDim();
        short[] kc = cache.k[layer];
        short[] vc = cache.v[layer];
        float[] kq = scores[worker];
        float[] a = acc[worker];
        float[] ln = lanes[worker];
        java.util.Arrays.fill(a, 0f);
        float m = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        float[] kf = keyTile[worker];
        for (int t0 = 0; t0 <= p; t0 += KV_TILE) {
            int end = Math.min(t0 + KV_TILE, p + 1);
            int live = end - t0;
            for (int j = 0; j < live; j++) {
                f16.toFloat(kc, (t0 + j) * kvDim + kvOff, kf, j * hd, hd);
            }
            // each score is its own fma chain over the head dimension, in order; four chains at a time keep the
            // FMA unit busy instead of waiting on one chain's latency
            int j = 0;
            for (; j + 4 <= live; j += 4) {
                int k0 = j * hd;
                float d0 = 0f;
                float d1 = 0f;
                float d2 = 0f;
                float d3 = 0f;
                for (int i = 0; i < hd; i++) {
                    float qi = q[qOff + i];
                    d0 = Math.fma(kf[k0 + i], qi, d0);
                    d1 = Math.fma(kf[k0 + hd + i], qi, d1);
                    d2 = Math.fma(kf[k0 + 2 * hd + i], qi, d2);
                    d3 = Math.fma(kf[k0 + 3 * hd + i], qi, d3);
                }
                kq[j] = d0 * scale + 0f;
                kq[j + 1] = d1 * scale + 0f;
                kq[j + 2] = d2 * scale + 0f;
                kq[j + 3] = d3 * scale + 0f;
            }
            for (; j < live; j++) {
                float dot = 0f;
                for (int i = 0; i < hd; i++) {
                    dot = Math.fma(kf[j * hd + i], q[qOff + i], dot);
                }
                kq[j] = dot * scale + 0f;
            }
            for (j = live; j < KV_TILE; j++) {
                kq[j] = Float.NEGATIVE_INFINITY;
            }
            float tileMax = Float.NEGATIVE_INFINITY;
            for (j = 0; j < KV_TILE; j++) {
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
            sum = (float) (sum + GgmlVec.softMax(kq, 0, KV_TILE, mNew, ln));
            // per value dimension an fma chain over the tile's positions in order, as before, dimensions in lanes
            for (int t = t0; t < end; t++) {
                f16.madF32(a, vc, t * kvDim + kvOff, kq[t - t0], hd);
            }
        }
        float inv = sum == 0f ? 0f : 1f / sum;
        for (int i = 0; i < hd; i++) {
            out[qOff + i] = a[i] * inv;
        }
    }
}
