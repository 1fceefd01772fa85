package dev.chord.cache.stream;

import dev.chord.api.cache.ResidentExtents;
import dev.chord.api.tensor.TensorView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A layer's bytes in memory, viewed as its tensors by short name. */
final class LoadedLayer {
    private final ResidentExtents bytes;
    private final Map<String, TensorView> tensors;

    LoadedLayer(List<ModelLayout.Tensor> layout, ResidentExtents bytes) {
        this.bytes = bytes;
        Map<String, TensorView> m = new LinkedHashMap<>();
        for (int i = 0; i < layout.size(); i++) {
            ModelLayout.Tensor t = layout.get(i);
            m.put(t.shortName(), new TensorView(t.name(), t.type(), t.shape(), bytes.segment(i)));
        }
        this.tensors = Map.copyOf(m);
    }

    Map<String, TensorView> tensors() {
        return tensors;
    }

    long footprint() {
        return bytes.footprint();
    }

    void free() {
        bytes.close();
    }
}
