package dev.chord.harness.model;

/** llama.cpp's tensor naming: {@code blk.<layer>.<name>} for the repeating blocks, anything else is global. */
public final class LayerNames {
    private LayerNames() {
    }

    /** The block index of {@code blk.N.xxx}, or -1 for a global tensor. */
    public static int layerOf(String tensorName) {
        if (!tensorName.startsWith("blk.")) {
            return -1;
        }
        int dot = tensorName.indexOf('.', 4);
        if (dot < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(tensorName, 4, dot, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code attn_q.weight} for {@code blk.3.attn_q.weight}. */
    public static String shortName(String tensorName) {
        int dot = tensorName.indexOf('.', 4);
        return tensorName.substring(dot + 1);
    }
}
