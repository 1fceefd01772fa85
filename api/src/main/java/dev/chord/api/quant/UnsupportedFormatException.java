package dev.chord.api.quant;

import dev.chord.api.ggml.GgmlType;

/** Chord knows the type (it is in ggml's table) but has no implementation that computes with it. */
public class UnsupportedFormatException extends IllegalArgumentException {
    private final GgmlType type;

    public UnsupportedFormatException(GgmlType type, String detail) {
        super("Chord cannot compute with ggml type " + type.ggmlName() + " (id " + type.id() + ")"
                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.type = type;
    }

    public GgmlType type() {
        return type;
    }
}
