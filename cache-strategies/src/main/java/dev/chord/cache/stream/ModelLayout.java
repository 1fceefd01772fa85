package dev.chord.cache.stream;

import dev.chord.api.cache.Extent;
import dev.chord.api.ggml.GgmlType;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;
import dev.chord.gguf.GgufValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A GGUF model split the way weight streaming loads it: the repeating blocks ({@code blk.N.*}, one layer
 * each, loaded as a unit) and the global tensors outside them (token embedding, output norm, output), which
 * stay pinned.
 */
public final class ModelLayout {

    /** One tensor: full GGUF name, name within its block ({@code attn_q.weight}), and where its bytes are. */
    public record Tensor(String name, String shortName, GgmlType type, long[] shape, Extent extent) {
        public Tensor {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private final String file;
    private final List<List<Tensor>> layers;
    private final List<Tensor> globals;

    private ModelLayout(String file, List<List<Tensor>> layers, List<Tensor> globals) {
        this.file = file;
        this.layers = layers;
        this.globals = globals;
    }

    /**
     * Groups {@code gguf}'s tensors by block.
     *
     * @throws IllegalArgumentException if the blocks are not numbered 0..N-1 without gaps, or disagree with
     *                                  the {@code ARCH.block_count} metadata
     */
    public static ModelLayout of(GgufFile gguf) {
        TreeMap<Integer, List<Tensor>> blocks = new TreeMap<>();
        List<Tensor> globals = new ArrayList<>();
        for (GgufTensorInfo t : gguf.tensors()) {
            Extent extent = new Extent(gguf.absoluteOffset(t), t.byteSize());
            String name = t.name();
            int layer = blockIndex(name);
            if (layer >= 0) {
                String shortName = name.substring(name.indexOf('.', 4) + 1);
                blocks.computeIfAbsent(layer, k -> new ArrayList<>())
                        .add(new Tensor(name, shortName, t.type(), t.shape(), extent));
            } else {
                globals.add(new Tensor(name, name, t.type(), t.shape(), extent));
            }
        }
        int n = blocks.isEmpty() ? 0 : blocks.lastKey() + 1;
        if (blocks.size() != n) {
            for (int i = 0; i < n; i++) {
                if (!blocks.containsKey(i)) {
                    throw new IllegalArgumentException(gguf.path() + ": blocks blk.0 .. blk." + (n - 1)
                            + " expected, blk." + i + " has no tensors");
                }
            }
        }
        Optional<Long> declared = declaredBlockCount(gguf);
        if (declared.isPresent() && declared.get() != n) {
            throw new IllegalArgumentException(gguf.path() + ": metadata declares " + declared.get()
                    + " blocks, the tensors have " + n);
        }
        List<List<Tensor>> layers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            layers.add(List.copyOf(blocks.get(i)));
        }
        return new ModelLayout(String.valueOf(gguf.path()), List.copyOf(layers), List.copyOf(globals));
    }

    /** N for a name {@code blk.N.rest}, else -1. */
    static int blockIndex(String name) {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int dot = name.indexOf('.', 4);
        if (dot <= 4 || dot == name.length() - 1) {
            return -1;
        }
        String digits = name.substring(4, dot);
        if (digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    private static Optional<Long> declaredBlockCount(GgufFile gguf) {
        return gguf.metadata().findString("general.architecture")
                .flatMap(arch -> gguf.metadata().find(arch + ".block_count"))
                .filter(GgufValue::isInteger)
                .map(GgufValue::asLong);
    }

    public String file() {
        return file;
    }

    public int layerCount() {
        return layers.size();
    }

    public List<Tensor> layer(int i) {
        return layers.get(i);
    }

    public List<Tensor> globals() {
        return globals;
    }

    public List<Extent> extents(List<Tensor> tensors) {
        return tensors.stream().map(Tensor::extent).toList();
    }

    /** Full names of every tensor, globals and layers, in file order of the groups. */
    public java.util.Set<String> tensorNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        globals.forEach(t -> names.add(t.name()));
        layers.forEach(l -> l.forEach(t -> names.add(t.name())));
        return java.util.Collections.unmodifiableSet(names);
    }

    /** Bytes of layer {@code i}'s tensors. */
    public long tensorBytes(int i) {
        long s = 0;
        for (Tensor t : layers.get(i)) {
            s += t.extent().length();
        }
        return s;
    }
}
