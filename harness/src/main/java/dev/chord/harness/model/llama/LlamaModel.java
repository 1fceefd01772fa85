package dev.chord.harness.model.llama;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.model.LanguageModel;
import dev.chord.api.model.MatmulProvider;
import dev.chord.api.model.ModelInfo;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.TensorView;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.api.weights.LayerLease;
import dev.chord.api.weights.WeightProvider;
import dev.chord.harness.model.ggml.GgmlVec;

/**
 * The llama forward pass (Llama 2/3, TinyLlama, SmolLM2, Mistral without sliding window), following
 * llama.cpp's graph for this architecture (src/llama-model.cpp, {@code llm_build_llama}): RMSNorm, Q/K/V
 * projections, RoPE, grouped-query attention over an F16 KV cache, output projection and residual, RMSNorm,
 * SwiGLU FFN and residual; final RMSNorm and the output matrix (or the token embedding when tied).
 *
 * <p>Every matrix product goes through the kernel SPI; a batch of prompt tokens goes through the
 * matrix-matrix path, a single decode token through matrix-vector. Weights come from a
 * {@link WeightProvider} one layer at a time and are never copied.
 *
 * <p>The other operations follow llama.cpp's CPU backend to the bit: RMSNorm fused with its weight as ggml
 * does ({@code x*scale*w}), RoPE with glibc's angles ({@link Rope}), the F16 KV cache and both flash-attention
 * paths ({@link AttentionTask}), SwiGLU with ggml's vector exponential ({@link GgmlVec#swiglu}), float residual
 * adds, and the last block's row selection when only the last logits are wanted. With {@code scalar.int8}
 * (ggml's matrix arithmetic) the logits are llama.cpp's, bit for bit, when a batch here is a ubatch there.
 * Nothing here allocates per token.
 */
final class LlamaModel implements LanguageModel {

    private final LlamaConfig cfg;
    private final ModelInfo info;
    private final WeightProvider weights;
    private final MatmulProvider kernels;
    private final ChordExecutor executor;
    private final QuantFormats formats = QuantFormats.defaults();
    private final int contextLength;
    private final int maxBatch;

    private final TensorView tokenEmbedding;
    private final TensorView outputNorm;
    private final WeightMatrix output;
    private final Rope rope;
    private final KvCache cache;

    // activations, token-major, sized for maxBatch tokens
    private final float[] x;
    private final float[] xb;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] att;
    private final float[] hb;
    private final float[] hb2;
    private final float[] normWeight;
    private final float[] ropeCs;
    private final AttentionTask attention;

    LlamaModel(LlamaConfig cfg, ModelInfo info, WeightProvider weights, MatmulProvider kernels, ChordExecutor executor,
               int contextLength, int maxBatch, TensorView tokenEmbedding, TensorView outputNorm, WeightMatrix output,
               float[] ropeFactors) {
        this.cfg = cfg;
        this.info = info;
        this.weights = weights;
        this.kernels = kernels;
        this.executor = executor;
        this.contextLength = contextLength;
        this.maxBatch = maxBatch;
        this.tokenEmbedding = tokenEmbedding;
        this.outputNorm = outputNorm;
        this.output = output;
        this.rope = new Rope(cfg.ropeDim(), cfg.ropeBase(), cfg.ropeFreqScale(), ropeFactors);
        this.cache = new KvCache(cfg.layers(), contextLength, cfg.kvDim());
        int b = maxBatch;
        this.x = new float[b * cfg.dim()];
        this.xb = new float[b * Math.max(cfg.dim(), cfg.qDim())];
        this.q = new float[b * cfg.qDim()];
        this.k = new float[b * cfg.kvDim()];
        this.v = new float[b * cfg.kvDim()];
        this.att = new float[b * cfg.qDim()];
        this.hb = new float[b * cfg.ffnDim()];
        this.hb2 = new float[b * cfg.ffnDim()];
        this.normWeight = new float[cfg.dim()];
        this.ropeCs = new float[cfg.ropeDim()];
        this.attention = new AttentionTask(cfg, cache, executor.threads(), contextLength);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void forward(int[] tokens, int off, int n, int pos, float[] logits, boolean allLogits) {
        if (n < 1 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " tokens; expected 1.." + maxBatch);
        }
        if (pos < 0 || pos + n > contextLength) {
            throw new IllegalArgumentException("positions " + pos + ".." + (pos + n - 1) + " exceed the context of "
                    + contextLength + " tokens");
        }
        long need = (long) (allLogits ? n : 1) * cfg.vocabSize();
        if (logits.length < need) {
            throw new IllegalArgumentException("logits array holds " + logits.length + " values, needs " + need);
        }
        int dim = cfg.dim();
        QuantFormat embFormat = formats.forType(tokenEmbedding.type());
        long embRowBytes = tokenEmbedding.type().bytesFor(dim);
        for (int b = 0; b < n; b++) {
            int t = tokens[off + b];
            if (t < 0 || t >= cfg.vocabSize()) {
                throw new IllegalArgumentException("token id " + t + " outside the vocabulary of " + cfg.vocabSize());
            }
            embFormat.dequantizeRow(tokenEmbedding.data(), t * embRowBytes, x, b * dim, dim);
        }
        int outputs = allLogits ? n : 1;
        for (int l = 0; l < cfg.layers(); l++) {
            try (LayerLease layer = weights.acquire(l)) {
                layer(layer, l, n, pos, l == cfg.layers() - 1 ? outputs : n);
            }
        }
        // after the last layer x holds the output rows only
        rmsNorm(x, xb, outputs, outputNorm);
        matmul(output, xb, outputs, logits);
    }

    /**
     * One transformer block over {@code n} tokens. As in llama.cpp's graph ({@code llm_build_llama}), the last
     * block keeps only the {@code outputs} rows whose logits are wanted (the last ones) after attention, so its
     * feed-forward part runs on those rows alone.
     */
    private void layer(LayerLease layer, int l, int n, int pos, int outputs) {
        int dim = cfg.dim();
        rmsNorm(x, xb, n, layer.tensor("attn_norm.weight"));
        matmul(layer.tensor("attn_q.weight").asMatrix(), xb, n, q);
        matmul(layer.tensor("attn_k.weight").asMatrix(), xb, n, k);
        matmul(layer.tensor("attn_v.weight").asMatrix(), xb, n, v);
        for (int b = 0; b < n; b++) {
            rope.angles(pos + b, ropeCs);
            rope.apply(q, b * cfg.qDim(), cfg.heads(), cfg.headDim(), ropeCs);
            rope.apply(k, b * cfg.kvDim(), cfg.kvHeads(), cfg.headDim(), ropeCs);
            cache.store(l, pos + b, k, v, b * cfg.kvDim());
        }
        attention.run(executor, l, q, att, n, pos);
        matmul(layer.tensor("attn_output.weight").asMatrix(), att, n, xb);
        int skip = n - outputs;
        if (skip > 0) {
            System.arraycopy(x, skip * dim, x, 0, outputs * dim);
            System.arraycopy(xb, skip * dim, xb, 0, outputs * dim);
        }
        for (int i = 0; i < outputs * dim; i++) {
            x[i] += xb[i];
        }
        rmsNorm(x, xb, outputs, layer.tensor("ffn_norm.weight"));
        matmul(layer.tensor("ffn_gate.weight").asMatrix(), xb, outputs, hb);
        matmul(layer.tensor("ffn_up.weight").asMatrix(), xb, outputs, hb2);
        int ff = cfg.ffnDim();
        for (int b = 0; b < outputs; b++) {
            GgmlVec.swiglu(hb, hb2, hb, b * ff, ff);
        }
        matmul(layer.tensor("ffn_down.weight").asMatrix(), hb, outputs, xb);
        for (int i = 0; i < outputs * dim; i++) {
            x[i] += xb[i];
        }
    }

    private void matmul(WeightMatrix w, float[] in, int n, float[] out) {
        Matmul m = kernels.forType(w.type(), w.name());
        if (n == 1) {
            m.matvec(w, in, 0, out, 0);
        } else {
            m.matmul(w, in, n, out);
        }
    }

    /**
     * RMSNorm of n rows of {@code dim} values, times the norm weight, as ggml-cpu's rms_norm fused with the mul
     * that follows it ({@code ggml_compute_forward_rms_norm_f32}): squares in float summed in double, the scale
     * {@code 1/sqrt(mean + eps)} in float, then {@code x * scale * w}.
     */
    private void rmsNorm(float[] in, float[] out, int n, TensorView weight) {
        int dim = cfg.dim();
        formats.forType(weight.type()).dequantizeRow(weight.data(), 0, normWeight, 0, dim);
        for (int b = 0; b < n; b++) {
            int o = b * dim;
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                float xi = in[o + i];
                sum += xi * xi;
            }
            float mean = (float) (sum / dim);
            float scale = 1f / (float) Math.sqrt(mean + cfg.rmsEps()); // 1.0f/sqrtf(mean + eps), all in float
            for (int i = 0; i < dim; i++) {
                out[o + i] = (in[o + i] * scale) * normWeight[i];
            }
        }
    }

    long kvCacheBytes() {
        return cache.bytes();
    }

    @Override
    public void close() {
        weights.close();
    }
}
