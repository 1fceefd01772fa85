package dev.chord.harness.model;

import dev.chord.api.tensor.TensorView;
import dev.chord.api.weights.LayerLease;
import dev.chord.api.weights.WeightProvider;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every weight stays in the file's mapping and the OS page cache decides what is resident: the baseline
 * ("all in RAM" once pages are touched) against which streaming providers are compared.
 */
public final class MappedWeightProvider implements WeightProvider {

    private final GgufFile file;
    private final Map<String, TensorView> globals = new HashMap<>();
    private final List<Map<String, TensorView>> layers = new ArrayList<>();
    private final java.util.Set<String> names = new java.util.LinkedHashSet<>();

    public MappedWeightProvider(GgufFile file) {
        this.file = file;
        for (GgufTensorInfo t : file.tensors()) {
            TensorView v = new TensorView(t.name(), t.type(), t.shape(), file.tensorData(t));
            names.add(t.name());
            int layer = LayerNames.layerOf(t.name());
            if (layer < 0) {
                globals.put(t.name(), v);
            } else {
                while (layers.size() <= layer) {
                    layers.add(new HashMap<>());
                }
                layers.get(layer).put(LayerNames.shortName(t.name()), v);
            }
        }
    }

    @Override
    public int layerCount() {
        return layers.size();
    }

    @Override
    public java.util.Set<String> tensorNames() {
        return java.util.Collections.unmodifiableSet(names);
    }

    @Override
    public Optional<TensorView> global(String name) {
        return Optional.ofNullable(globals.get(name));
    }

    @Override
    public LayerLease acquire(int layer) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (layers.size() - 1) + " of " + file.path());
        }
        Map<String, TensorView> tensors = layers.get(layer);
        return new LayerLease() {
            @Override
            public int layer() {
                return layer;
            }

            @Override
            public Optional<TensorView> find(String shortName) {
                return Optional.ofNullable(tensors.get(shortName));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        // the file belongs to the caller
    }
}
