package dev.chord.cache;

import dev.chord.api.ggml.GgmlType;
import dev.chord.gguf.GgufValue;
import dev.chord.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small llama-shaped GGUF files with distinctive bytes in every tensor. */
public final class TestModels {
    private TestModels() {
    }

    /** A tensor to write: name, type, ggml shape. */
    record Spec(String name, GgmlType type, long... shape) {
    }

    /** The byte at {@code i} of tensor {@code name}: differs between tensors and positions. */
    public static byte pattern(String name, long i) {
        long h = name.hashCode() * 0x9E3779B97F4A7C15L + i * 0xC2B2AE3D27D4EB4FL;
        return (byte) (h ^ (h >>> 29));
    }

    /**
     * Writes a model of {@code layers} blocks, each with attention and FFN tensors of a few types, plus
     * token_embd, output_norm and output.
     */
    public static Path llama(Path dir, String name, int layers) throws IOException {
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("token_embd.weight", GgmlType.Q8_0, 64, 16));
        for (int l = 0; l < layers; l++) {
            String b = "blk." + l + ".";
            specs.add(new Spec(b + "attn_norm.weight", GgmlType.F32, 64));
            specs.add(new Spec(b + "attn_q.weight", GgmlType.Q8_0, 64, 64));
            specs.add(new Spec(b + "attn_k.weight", GgmlType.Q4_0, 64, 32));
            specs.add(new Spec(b + "attn_v.weight", GgmlType.F16, 64, 32));
            specs.add(new Spec(b + "ffn_down.weight", GgmlType.Q4_K, 256, 8));
        }
        specs.add(new Spec("output_norm.weight", GgmlType.F32, 64));
        specs.add(new Spec("output.weight", GgmlType.Q8_0, 64, 16));
        Path file = dir.resolve(name);
        try (GgufWriter w = GgufWriter.create(file)) {
            w.put("general.architecture", GgufValue.string("llama"));
            w.put("llama.block_count", GgufValue.uint32(layers));
            for (Spec s : specs) {
                w.addTensor(s.name(), s.type(), s.shape());
            }
            for (Spec s : specs) {
                long n = 1;
                for (long d : s.shape()) {
                    n *= d;
                }
                byte[] bytes = new byte[(int) s.type().bytesFor(n)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = pattern(s.name(), i);
                }
                w.writeTensor(s.name(), java.lang.foreign.MemorySegment.ofArray(bytes));
            }
        }
        return file;
    }
}
