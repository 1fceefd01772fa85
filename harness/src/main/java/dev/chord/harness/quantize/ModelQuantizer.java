package dev.chord.harness.quantize;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.quant.QuantFormats;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufTensorInfo;
import dev.chord.gguf.GgufValue;
import dev.chord.gguf.GgufWriter;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantizes a GGUF model file as llama.cpp's {@code llama_model_quantize} does (src/llama-quant.cpp), without
 * importance matrix or overrides, so that the output is byte for byte llama.cpp's:
 * <ul>
 *   <li>metadata: the input's keys in order, minus the split keys, then {@code general.quantization_version}
 *       (2, {@code GGML_QNT_VERSION}) and {@code general.file_type} moved to the end, as {@code gguf_set_val_u32}
 *       does for a key that exists;</li>
 *   <li>tensors in llama.cpp's order ({@link TensorOrder}), each in the type {@link TensorTypeRules} decides;
 *       a tensor already in its type is copied, others are decoded to F32 and encoded with ggml's reference
 *       quantizers (Chord's formats, bit-exact);</li>
 *   <li>quantized input is refused unless requantizing is allowed (llama.cpp's {@code --allow-requantize}).</li>
 * </ul>
 * Streaming: the input is read through one bounded buffer and the output written slab by slab, so memory stays
 * bounded (about 100 MB) whatever the model's size.
 */
public final class ModelQuantizer {

    static final String KEY_QUANTIZATION_VERSION = "general.quantization_version";
    static final String KEY_FILE_TYPE = "general.file_type";
    /** {@code GGML_QNT_VERSION} in ggml/include/ggml.h. */
    static final int QUANTIZATION_VERSION = 2;
    private static final List<String> SPLIT_KEYS = List.of("split.no", "split.count", "split.tensors.count");
    /** Bytes copied at once for a tensor that keeps its type. */
    private static final long COPY_BYTES = 32 << 20;

    /** What to produce. */
    public record Options(LlamaFileType fileType, boolean pure, boolean allowRequantize, int threads) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }
    }

    /** What was written. */
    public record Result(List<TensorPlan> plans, long inputTensorBytes, long outputTensorBytes) {
    }

    private ModelQuantizer() {
    }

    /** The per-tensor plan for {@code in} without writing anything (also checks the input can be converted). */
    public static List<TensorPlan> plan(GgufFile in, Options o) {
        requireModel(in);
        List<TensorSpec> specs = new ArrayList<>();
        for (GgufTensorInfo t : in.tensors()) {
            specs.add(new TensorSpec(t.name(), t.type(), t.shape()));
        }
        boolean needsFacts = o.fileType().isQuantized() && !o.pure();
        ModelFacts facts = needsFacts ? ModelFacts.of(in.metadata()) : null;
        List<TensorPlan> plans = TensorTypeRules.plan(specs, facts, o.fileType(), o.pure());
        QuantFormats formats = QuantFormats.defaults();
        for (TensorPlan p : plans) {
            if (!p.converts()) {
                continue;
            }
            var from = p.source().type();
            if (from.isQuantized() && !o.allowRequantize()) {
                throw new IllegalArgumentException(in.path() + ": " + p.name() + " is already " + from
                        + "; requantizing (dequantize, then quantize to " + p.target() + ") loses accuracy: pass "
                        + "--allow-requantize to do it anyway");
            }
            if (!formats.supports(from)) {
                throw new IllegalArgumentException(in.path() + ": " + p.name() + " is " + from
                        + ", which Chord cannot decode to requantize it");
            }
            if (!formats.supports(p.target()) || !formats.forType(p.target()).canQuantize()) {
                throw new IllegalArgumentException(p.name() + ": Chord cannot encode " + p.target());
            }
        }
        return plans;
    }

    /** llama.cpp's output metadata: the input's, without split keys, version and file type appended last. */
    static GgufMetadata outputMetadata(GgufMetadata in, LlamaFileType fileType) {
        GgufMetadata m = in.copy();
        m.remove(KEY_QUANTIZATION_VERSION).put(KEY_QUANTIZATION_VERSION, GgufValue.uint32(QUANTIZATION_VERSION));
        m.remove(KEY_FILE_TYPE).put(KEY_FILE_TYPE, GgufValue.uint32(fileType.id()));
        SPLIT_KEYS.forEach(m::remove);
        return m;
    }

    /**
     * Quantizes {@code in} into {@code out} (written as {@code out.part}, moved into place when complete).
     *
     * @throws IllegalArgumentException for input that is not a model Chord can quantize, with one line saying why
     */
    public static Result quantize(Path in, Path out, Options o, WriteListener listener) throws IOException {
        try (GgufFile f = GgufFile.open(in)) {
            List<TensorPlan> plans = plan(f, o);
            listener.planned(plans);
            QuantFormats formats = QuantFormats.defaults();
            try (ChordExecutor exec = ChordExecutor.create(o.threads());
                 RowEncoder encoder = new RowEncoder(exec, formats);
                 TensorBytes bytes = new TensorBytes(in)) {
                PlannedModelWriter.write(out, outputMetadata(f.metadata(), o.fileType()), plans, (p, sink) -> {
                    GgufTensorInfo info = f.tensorInfo(p.name());
                    long at = f.absoluteOffset(info);
                    if (p.converts()) {
                        var source = new FileRowSource(bytes, at, formats.forType(p.source().type()),
                                Math.toIntExact(p.source().rowLength()));
                        encoder.encode(p.source(), p.target(), source, sink);
                    } else {
                        copy(bytes, at, info.byteSize(), sink);
                    }
                }, listener);
            }
            long inBytes = 0;
            long outBytes = 0;
            for (TensorPlan p : plans) {
                inBytes += p.source().byteSize();
                outBytes += p.output().byteSize();
            }
            return new Result(plans, inBytes, outBytes);
        }
    }

    private static void requireModel(GgufFile f) {
        if (f.metadata().findString("general.architecture").isEmpty()) {
            throw new IllegalArgumentException(f.path() + " is not a model: it has no general.architecture");
        }
        if (f.tensors().isEmpty()) {
            throw new IllegalArgumentException(f.path() + " is not a model: it has no tensors");
        }
        if (f.metadata().contains("split.count") && f.metadata().getInteger("split.count") > 1) {
            throw new IllegalArgumentException(f.path() + " is one part of a split model; merge it first "
                    + "(llama-gguf-split --merge)");
        }
    }

    private static void copy(TensorBytes bytes, long at, long size, GgufWriter.TensorSink sink) throws IOException {
        for (long off = 0; off < size; off += COPY_BYTES) {
            MemorySegment s = bytes.read(at + off, Math.min(COPY_BYTES, size - off));
            sink.write(s);
        }
    }
}
