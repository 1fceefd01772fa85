package dev.chord.cache.stream;

import dev.chord.api.tensor.TensorView;
import dev.chord.api.weights.LayerLease;
import dev.chord.api.weights.WeightProvider;
import dev.chord.gguf.GgufFile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The baseline: every tensor a view of the file's read-only mapping, nothing ever evicted, leases free. The
 * OS pages the file in on first touch. The caller keeps the {@link GgufFile} open and closes it.
 */
public final class AllResidentWeightProvider implements WeightProvider {
    private final ModelLayout layout;
    private final Map<String, TensorView> globals = new HashMap<>();
    private final List<Map<String, TensorView>> layers = new ArrayList<>();

    public AllResidentWeightProvider(GgufFile file) {
        this.layout = ModelLayout.of(file);
        for (ModelLayout.Tensor t : layout.globals()) {
            globals.put(t.name(), file.tensor(t.name()));
        }
        for (int i = 0; i < layout.layerCount(); i++) {
            Map<String, TensorView> m = new HashMap<>();
            for (ModelLayout.Tensor t : layout.layer(i)) {
                m.put(t.shortName(), file.tensor(t.name()));
            }
            layers.add(Map.copyOf(m));
        }
    }

    @Override
    public int layerCount() {
        return layers.size();
    }

    /**
     * Every tensor name, without loading anything. (Overrides {@code WeightProvider.tensorNames()} where the
     * api has it; written without {@code @Override} so it compiles against either version.)
     */
    @Override
    public java.util.Set<String> tensorNames() {
        return layout.tensorNames();
    }

    @Override
    public Optional<TensorView> global(String name) {
        return Optional.ofNullable(globals.get(name));
    }

    @Override
    public LayerLease acquire(int layer) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (layers.size() - 1) + " of " + layout.file());
        }
        Map<String, TensorView> m = layers.get(layer);
        return new LayerLease() {
            @Override
            public int layer() {
                return layer;
            }

            @Override
            public Optional<TensorView> find(String shortName) {
                return Optional.ofNullable(m.get(shortName));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
