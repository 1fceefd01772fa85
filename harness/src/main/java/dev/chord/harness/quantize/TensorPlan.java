package dev.chord.harness.quantize;

import dev.chord.api.ggml.GgmlType;

import java.util.Optional;

/**
 * The decision for one tensor: its source, the type it is written in, and, when the type had to change
 * because the row length is not a multiple of the chosen type's block ({@code tensor_type_fallback}), the
 * type the rules wanted.
 */
public record TensorPlan(TensorSpec source, GgmlType target, GgmlType wantedBeforeFallback) {

    public String name() {
        return source.name();
    }

    /** The tensor as written: same name and shape, the target type. */
    public TensorSpec output() {
        return source.withType(target);
    }

    /** Whether the bytes change (else they are copied as they are, as llama.cpp does). */
    public boolean converts() {
        return source.type() != target;
    }

    public Optional<GgmlType> fallbackFrom() {
        return wantedBeforeFallback == target ? Optional.empty() : Optional.of(wantedBeforeFallback);
    }
}
