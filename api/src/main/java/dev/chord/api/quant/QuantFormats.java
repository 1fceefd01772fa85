package dev.chord.api.quant;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.plugin.PluginRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@link QuantFormat} providers on the class path, looked up by ggml type. */
public final class QuantFormats {

    private static volatile QuantFormats defaults;

    private final PluginRegistry<QuantFormat> registry;
    private final Map<GgmlType, QuantFormat> byType = new EnumMap<>(GgmlType.class);

    public QuantFormats(PluginRegistry<QuantFormat> registry) {
        this.registry = registry;
        for (QuantFormat f : registry.available()) {
            byType.putIfAbsent(f.type(), f);
        }
    }

    /** The formats found by {@link java.util.ServiceLoader}, loaded once. */
    public static QuantFormats defaults() {
        QuantFormats d = defaults;
        if (d == null) {
            synchronized (QuantFormats.class) {
                d = defaults;
                if (d == null) {
                    d = new QuantFormats(PluginRegistry.load("format", QuantFormat.class));
                    defaults = d;
                }
            }
        }
        return d;
    }

    public PluginRegistry<QuantFormat> registry() {
        return registry;
    }

    public boolean supports(GgmlType type) {
        return byType.containsKey(type);
    }

    /**
     * The format for {@code type}.
     *
     * @throws UnsupportedFormatException naming the type and the types Chord does compute with
     */
    public QuantFormat forType(GgmlType type) {
        QuantFormat f = byType.get(type);
        if (f == null) {
            String why = type.isRemoved() ? "the type was removed from ggml; convert the model with a current llama.cpp"
                    : "no format implementation for it; supported: "
                    + byType.keySet().stream().map(GgmlType::ggmlName).collect(Collectors.joining(", "));
            throw new UnsupportedFormatException(type, why);
        }
        return f;
    }

    /** The format named {@code name} (ggml name, case-insensitive). */
    public QuantFormat forName(String name) {
        return forType(GgmlType.parse(name));
    }
}
