package dev.chord.harness.quantize;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalInt;

/**
 * The order in which llama.cpp's quantizer visits and writes tensors: its model loader keeps them in a map
 * sorted by layer number, then by name ({@code weight_name_comparer} in src/llama-model-loader.h). Tensors
 * outside a layer ({@code output.weight}, {@code token_embd.weight}) count as layer -1 and come first. The
 * per-layer counters of the quantization mix ({@link TensorTypeRules}) advance in this order.
 */
public final class TensorOrder {

    /** Layer, then name compared as bytes (std::string's order). */
    public static final Comparator<String> LLAMA_CPP = Comparator.comparingInt(TensorOrder::layerOf)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                    b.getBytes(StandardCharsets.UTF_8)));

    private TensorOrder() {
    }

    /**
     * The layer of {@code blk.N.*} as {@code sscanf(name, "blk.%d.", &layer)} reads it (whitespace, then an
     * optional sign, then digits), else -1.
     */
    public static int layerOf(String name) {
        return scanLayer(name).orElse(-1);
    }

    /** The number {@code sscanf(name, "blk.%d.", &layer)} reads, if it reads one. */
    public static OptionalInt scanLayer(String name) {
        if (!name.startsWith("blk.")) {
            return OptionalInt.empty();
        }
        int i = 4;
        while (i < name.length() && isCSpace(name.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < name.length() && (name.charAt(i) == '+' || name.charAt(i) == '-')) {
            negative = name.charAt(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        while (i < name.length() && name.charAt(i) >= '0' && name.charAt(i) <= '9') {
            v = Math.min(v * 10 + (name.charAt(i) - '0'), Integer.MAX_VALUE);
            i++;
        }
        if (i == start) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (negative ? -v : v));
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
