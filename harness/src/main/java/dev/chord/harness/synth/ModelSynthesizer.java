package dev.chord.harness.synth;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;
import dev.chord.gguf.GgufArray;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufValue;
import dev.chord.gguf.GgufValueType;
import dev.chord.harness.quantize.LlamaFileType;
import dev.chord.harness.quantize.ModelFacts;
import dev.chord.harness.quantize.PlannedModelWriter;
import dev.chord.harness.quantize.RowEncoder;
import dev.chord.harness.quantize.RowSource;
import dev.chord.harness.quantize.TensorPlan;
import dev.chord.harness.quantize.TensorSpec;
import dev.chord.harness.quantize.TensorTypeRules;
import dev.chord.harness.quantize.WriteListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a llama-architecture GGUF model with seeded random weights: llama.cpp's tensor names, shapes and
 * metadata keys (src/llama-arch.cpp, src/models/llama.cpp), so llama.cpp and Chord load it like a converted
 * model. Tensors are generated row by row and converted on the fly (any {@link LlamaFileType}, with llama.cpp's
 * per-tensor mix), then streamed to disk: memory stays bounded whatever the model's size.
 *
 * <p>The file is laid out as llama.cpp's quantizer writes one (tensors in {@link
 * dev.chord.harness.quantize.TensorOrder} order, {@code general.quantization_version} and {@code
 * general.file_type} last), so synthesizing at a type gives the same bytes as synthesizing F32 and quantizing.
 *
 * <p>Weights: every matrix is normal with standard deviation {@code 1/sqrt(fan_in)} (its row length), which keeps
 * activations of order 1 through the layers; the embedding and output matrices get {@link #LOGIT_GAIN} times
 * that, so the next-token distribution puts a few percent on its top token as a trained model's does, rather
 * than being nearly uniform. Norm weights are {@code 1 + 0.02 N(0,1)}.
 */
public final class ModelSynthesizer {

    /** Gain of the embedding and output matrices: logits with a standard deviation of about 3. */
    static final double LOGIT_GAIN = 3.0;
    private static final double NORM_JITTER = 0.02;

    /** What to write. {@code vocabFrom} may be null (then a {@link SyntheticVocab} of the shape's size). */
    public record Options(ModelShape shape, LlamaFileType fileType, boolean pure, long seed, Path vocabFrom,
                          int threads) {
    }

    private ModelSynthesizer() {
    }

    /** Writes the model to {@code out} ({@code out.part} first, moved into place when complete). */
    public static List<TensorPlan> synthesize(Path out, Options o, WriteListener listener) throws IOException {
        GgufMetadata tokenizer = new GgufMetadata();
        ModelShape shape = o.shape();
        if (o.vocabFrom() != null) {
            int n = copyTokenizer(o.vocabFrom(), tokenizer);
            shape = shape.withVocab(n);
        } else {
            SyntheticVocab.ofSize(shape.vocab()).putInto(tokenizer);
        }
        GgufMetadata meta = metadata(shape, o, tokenizer);
        List<TensorPlan> plans = TensorTypeRules.plan(tensors(shape), facts(shape), o.fileType(), o.pure());
        listener.planned(plans);
        ModelShape sized = shape;
        try (ChordExecutor exec = ChordExecutor.create(o.threads());
             RowEncoder encoder = new RowEncoder(exec, QuantFormats.defaults())) {
            PlannedModelWriter.write(out, meta, plans,
                    (p, sink) -> encoder.encode(p.source(), p.target(), rows(p.source(), sized, o.seed()), sink),
                    listener);
        }
        return plans;
    }

    /** Bytes of tensor data of {@code s} written as {@code ft} (llama.cpp's mix). */
    public static long tensorBytes(ModelShape s, LlamaFileType ft) {
        long n = 0;
        for (TensorPlan p : TensorTypeRules.plan(tensors(s), facts(s), ft, false)) {
            n += p.output().byteSize();
        }
        return n;
    }

    private static ModelFacts facts(ModelShape s) {
        return new ModelFacts("llama", s.layers(), s.heads(), s.kvHeads(), 0);
    }

    /** The model's tensors, all F32 at the source, llama.cpp's names and shapes (ggml order). */
    static List<TensorSpec> tensors(ModelShape s) {
        List<TensorSpec> t = new ArrayList<>();
        t.add(f32("token_embd.weight", s.dim(), s.vocab()));
        s.llama3Rope().ifPresent(r -> t.add(f32("rope_freqs.weight", s.headDim() / 2)));
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            t.add(f32(p + "attn_norm.weight", s.dim()));
            t.add(f32(p + "attn_q.weight", s.dim(), s.dim()));
            t.add(f32(p + "attn_k.weight", s.dim(), s.kvDim()));
            t.add(f32(p + "attn_v.weight", s.dim(), s.kvDim()));
            t.add(f32(p + "attn_output.weight", s.dim(), s.dim()));
            t.add(f32(p + "ffn_norm.weight", s.dim()));
            t.add(f32(p + "ffn_gate.weight", s.dim(), s.ffn()));
            t.add(f32(p + "ffn_up.weight", s.dim(), s.ffn()));
            t.add(f32(p + "ffn_down.weight", s.ffn(), s.dim()));
        }
        t.add(f32("output_norm.weight", s.dim()));
        if (!s.tied()) {
            t.add(f32("output.weight", s.dim(), s.vocab()));
        }
        return t;
    }

    private static TensorSpec f32(String name, long... shape) {
        return new TensorSpec(name, GgmlType.F32, shape);
    }

    /** The values of one tensor, row by row. */
    private static RowSource rows(TensorSpec t, ModelShape s, long seed) {
        int cols = Math.toIntExact(t.rowLength());
        String name = t.name();
        if (name.equals("rope_freqs.weight")) {
            float[] factors = s.llama3Rope().orElseThrow().factors(s.headDim(), s.ropeBase());
            return (row, n, dst) -> System.arraycopy(factors, 0, dst, 0, factors.length);
        }
        long key = SeededNormal.tensorKey(seed, name);
        double mean;
        double std;
        if (t.dims() == 1) {
            mean = 1;
            std = NORM_JITTER;
        } else {
            mean = 0;
            boolean logits = name.equals("token_embd.weight") || name.equals("output.weight");
            std = (logits ? LOGIT_GAIN : 1.0) / Math.sqrt(cols);
        }
        return (row, n, dst) -> {
            for (int r = 0; r < n; r++) {
                SeededNormal.fillRow(key, row + r, dst, r * cols, cols, mean, std);
            }
        };
    }

    /** llama.cpp's llama-architecture keys (src/llama-arch.cpp LLM_KV_*), then the tokenizer, version and type. */
    static GgufMetadata metadata(ModelShape s, Options o, GgufMetadata tokenizer) {
        GgufMetadata m = new GgufMetadata();
        m.put("general.architecture", GgufValue.string("llama"));
        m.put("general.type", GgufValue.string("model"));
        m.put("general.name", GgufValue.string("chord-synth " + s.name()));
        m.put("chord.synth.preset", GgufValue.string(s.name()));
        m.put("chord.synth.seed", GgufValue.uint64(o.seed()));
        m.put("llama.context_length", GgufValue.uint32(s.contextLength()));
        m.put("llama.embedding_length", GgufValue.uint32(s.dim()));
        m.put("llama.block_count", GgufValue.uint32(s.layers()));
        m.put("llama.feed_forward_length", GgufValue.uint32(s.ffn()));
        m.put("llama.attention.head_count", GgufValue.uint32(s.heads()));
        m.put("llama.attention.head_count_kv", GgufValue.uint32(s.kvHeads()));
        m.put("llama.rope.freq_base", GgufValue.float32(s.ropeBase()));
        m.put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(s.rmsEps()));
        m.put("llama.rope.dimension_count", GgufValue.uint32(s.headDim()));
        m.put("llama.vocab_size", GgufValue.uint32(s.vocab()));
        for (Map.Entry<String, GgufValue> e : tokenizer.asMap().entrySet()) {
            m.put(e.getKey(), e.getValue());
        }
        m.put("general.quantization_version", GgufValue.uint32(2));
        m.put("general.file_type", GgufValue.uint32(o.fileType().id()));
        return m;
    }

    /** Copies the {@code tokenizer.*} keys of a GGUF file; returns its vocabulary size. */
    static int copyTokenizer(Path file, GgufMetadata into) throws IOException {
        try (GgufFile f = GgufFile.open(file)) {
            GgufMetadata m = f.metadata();
            GgufArray tokens = m.find("tokenizer.ggml.tokens")
                    .filter(v -> v.type() == GgufValueType.ARRAY && v.asArray().elementType() == GgufValueType.STRING)
                    .map(GgufValue::asArray)
                    .orElseThrow(() -> new IllegalArgumentException(file + " has no tokenizer.ggml.tokens string array: "
                            + "not a vocabulary"));
            for (Map.Entry<String, GgufValue> e : m.asMap().entrySet()) {
                if (e.getKey().startsWith("tokenizer.")) {
                    into.put(e.getKey(), e.getValue());
                }
            }
            return tokens.length();
        }
    }
}
