package dev.chord.harness.quantize;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;
import dev.chord.harness.synth.ModelSynthesizer;
import dev.chord.harness.synth.SynthPreset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chord quantize}'s library: layout, metadata, per-tensor bytes, requantizing and bad input. */
class ModelQuantizerTest {

    @TempDir
    static Path dir;
    static Path f32;

    @BeforeAll
    static void synthesizeTinyF32() throws IOException {
        f32 = dir.resolve("tiny-f32.gguf");
        ModelSynthesizer.synthesize(f32, new ModelSynthesizer.Options(SynthPreset.TINY.shape(), LlamaFileType.F32,
                false, 7, null, 2), WriteListener.NONE);
    }

    static ModelQuantizer.Options opts(LlamaFileType t, boolean pure, int threads) {
        return new ModelQuantizer.Options(t, pure, false, threads);
    }

    /**
     * The output is llama.cpp's layout: input keys in order, then quantization version and file type; tensors
     * in llama.cpp's order, each quantized row equal to the format's reference quantizer on the input row.
     */
    @Test
    void writesLlamaCppLayoutAndReferenceQuantizedRows() throws IOException {
        Path out = dir.resolve("q4km.gguf");
        var r = ModelQuantizer.quantize(f32, out, opts(LlamaFileType.Q4_K_M, false, 2), WriteListener.NONE);
        try (GgufFile in = GgufFile.open(f32); GgufFile q = GgufFile.open(out)) {
            List<String> keys = new ArrayList<>(in.metadata().keys());
            keys.remove("general.quantization_version");
            keys.remove("general.file_type");
            keys.add("general.quantization_version");
            keys.add("general.file_type");
            assertEquals(keys, new ArrayList<>(q.metadata().keys()));
            assertEquals(15, q.metadata().getUInt32("general.file_type"));
            assertEquals(2, q.metadata().getUInt32("general.quantization_version"));
            assertEquals(r.plans().size(), q.tensors().size());
            QuantFormats formats = QuantFormats.defaults();
            for (int i = 0; i < r.plans().size(); i++) {
                TensorPlan p = r.plans().get(i);
                GgufTensorInfo t = q.tensors().get(i);
                assertEquals(p.name(), t.name());
                assertEquals(p.target(), t.type(), p.name());
                assertArrayEquals(in.tensorInfo(p.name()).shape(), t.shape(), p.name());
                int cols = (int) t.shape()[0];
                long rows = t.elementCount() / cols;
                QuantFormat fmt = formats.forType(t.type());
                long rowBytes = t.type().bytesFor(cols);
                MemorySegment src = in.tensorData(in.tensorInfo(p.name()));
                MemorySegment dst = q.tensorData(t);
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment expect = a.allocate(rowBytes);
                    float[] row = new float[cols];
                    for (long y = 0; y < rows; y += Math.max(1, rows / 7)) {
                        MemorySegment.copy(src, java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, y * cols * 4L, row, 0, cols);
                        fmt.quantizeRow(row, 0, expect, 0, cols);
                        assertEquals(-1, expect.mismatch(dst.asSlice(y * rowBytes, rowBytes)), p.name() + " row " + y);
                    }
                }
            }
        }
    }

    /** Synthesizing at a type equals synthesizing F32 and quantizing: two paths through the encoder agree. */
    @Test
    void synthesizedAtTypeEqualsQuantizedFromF32() throws IOException {
        for (LlamaFileType t : List.of(LlamaFileType.Q4_K_M, LlamaFileType.F16)) {
            Path direct = dir.resolve("direct-" + t + ".gguf");
            Path viaF32 = dir.resolve("via-" + t + ".gguf");
            ModelSynthesizer.synthesize(direct, new ModelSynthesizer.Options(SynthPreset.TINY.shape(), t, false, 7,
                    null, 1), WriteListener.NONE);
            ModelQuantizer.quantize(f32, viaF32, opts(t, false, 2), WriteListener.NONE);
            assertEquals(-1, Files.mismatch(direct, viaF32), t.toString());
        }
    }

    @Test
    void threadCountDoesNotChangeBytes() throws IOException {
        Path one = dir.resolve("t1.gguf");
        Path two = dir.resolve("t3.gguf");
        ModelQuantizer.quantize(f32, one, opts(LlamaFileType.Q8_0, false, 1), WriteListener.NONE);
        ModelQuantizer.quantize(f32, two, opts(LlamaFileType.Q8_0, false, 3), WriteListener.NONE);
        assertEquals(-1, Files.mismatch(one, two));
    }

    /** Requantizing is refused unless allowed; allowed, it is dequantize then quantize. */
    @Test
    void requantizesOnlyWhenAllowed() throws IOException {
        Path q8 = dir.resolve("q8.gguf");
        ModelQuantizer.quantize(f32, q8, opts(LlamaFileType.Q8_0, false, 2), WriteListener.NONE);
        Path out = dir.resolve("requant.gguf");
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelQuantizer.quantize(q8, out, opts(LlamaFileType.Q4_0, false, 2), WriteListener.NONE));
        assertTrue(e.getMessage().contains("--allow-requantize"), e.getMessage());
        assertFalse(Files.exists(out));
        ModelQuantizer.quantize(q8, out, new ModelQuantizer.Options(LlamaFileType.Q4_0, false, true, 2), WriteListener.NONE);
        try (GgufFile a = GgufFile.open(q8); GgufFile b = GgufFile.open(out)) {
            GgufTensorInfo src = a.tensorInfo("blk.1.ffn_up.weight");
            GgufTensorInfo dst = b.tensorInfo("blk.1.ffn_up.weight");
            assertEquals(GgmlType.Q4_0, dst.type());
            int n = (int) src.elementCount();
            float[] values = new float[n];
            QuantFormats.defaults().forType(GgmlType.Q8_0).dequantizeRow(a.tensorData(src), 0, values, 0, n);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment expect = arena.allocate(dst.byteSize());
                QuantFormats.defaults().forType(GgmlType.Q4_0).quantizeRow(values, 0, expect, 0, n);
                assertEquals(-1, expect.mismatch(b.tensorData(dst)));
            }
        }
    }

    @Test
    void replacesAnExistingOutput() throws IOException {
        Path out = dir.resolve("existing.gguf");
        Files.writeString(out, "old content");
        ModelQuantizer.quantize(f32, out, opts(LlamaFileType.Q8_0, true, 2), WriteListener.NONE);
        try (GgufFile q = GgufFile.open(out)) {
            assertEquals(7, q.metadata().getUInt32("general.file_type"));
        }
        assertFalse(Files.exists(dir.resolve("existing.gguf.part")));
    }

    @Test
    void refusesFilesThatAreNotModels() throws IOException {
        Path vocab = Fixtures.vocab().resolve("ggml-vocab-llama-spm.gguf");
        var e = assertThrows(IllegalArgumentException.class, () -> ModelQuantizer.quantize(vocab,
                dir.resolve("x.gguf"), opts(LlamaFileType.Q4_0, false, 1), WriteListener.NONE));
        assertTrue(e.getMessage().contains("not a model") && e.getMessage().contains("no tensors"), e.getMessage());
        Path quant = Fixtures.quant("q4_0");
        e = assertThrows(IllegalArgumentException.class, () -> ModelQuantizer.quantize(quant,
                dir.resolve("y.gguf"), opts(LlamaFileType.Q4_0, true, 1), WriteListener.NONE));
        assertTrue(e.getMessage().contains("general.architecture"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("y.gguf")));
    }

    /** A tensor type Chord cannot decode is named when requantizing would need it. */
    @Test
    void namesTensorsItCannotDecode() throws IOException {
        Path odd = dir.resolve("iq2.gguf");
        try (var w = dev.chord.gguf.GgufWriter.create(odd)) {
            w.put("general.architecture", dev.chord.gguf.GgufValue.string("llama"));
            w.addTensor("blk.0.attn_q.weight", GgmlType.IQ2_XXS, 256, 4);
            w.writeTensor("blk.0.attn_q.weight", MemorySegment.ofArray(new byte[(int) GgmlType.IQ2_XXS.bytesFor(1024)]));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> ModelQuantizer.quantize(odd,
                dir.resolve("z.gguf"), new ModelQuantizer.Options(LlamaFileType.Q4_0, true, true, 1), WriteListener.NONE));
        assertTrue(e.getMessage().contains("blk.0.attn_q.weight") && e.getMessage().contains("iq2_xxs"), e.getMessage());
    }
}
