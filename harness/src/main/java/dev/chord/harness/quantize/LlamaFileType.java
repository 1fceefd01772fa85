package dev.chord.harness.quantize;

import dev.chord.api.ggml.GgmlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * llama.cpp's file types ({@code enum llama_ftype} in include/llama.h): what {@code general.file_type} says
 * and what llama-quantize's TYPE argument names. Each has a default tensor type
 * ({@code llama_ftype_get_default_type} in src/llama-quant.cpp); the per-tensor mix is {@link TensorTypeRules}.
 *
 * <p>Only the file types whose every tensor type Chord can quantize are listed. Left out: the IQ1/IQ2/IQ3
 * mixes (no quantizer for those types in Chord, and they need an importance matrix), {@code Q2_K_S} (its
 * Q2_K tensors need an importance matrix), {@code TQ1_0}, {@code NVFP4}, {@code Q1_0}, {@code Q2_0}.
 */
public enum LlamaFileType {
    F32(0, GgmlType.F32),
    F16(1, GgmlType.F16),
    Q4_0(2, GgmlType.Q4_0),
    Q4_1(3, GgmlType.Q4_1),
    Q8_0(7, GgmlType.Q8_0),
    Q5_0(8, GgmlType.Q5_0),
    Q5_1(9, GgmlType.Q5_1),
    Q2_K(10, GgmlType.Q2_K),
    Q3_K_S(11, GgmlType.Q3_K),
    Q3_K_M(12, GgmlType.Q3_K, "Q3_K"),
    Q3_K_L(13, GgmlType.Q3_K),
    Q4_K_S(14, GgmlType.Q4_K),
    Q4_K_M(15, GgmlType.Q4_K, "Q4_K"),
    Q5_K_S(16, GgmlType.Q5_K),
    Q5_K_M(17, GgmlType.Q5_K, "Q5_K"),
    Q6_K(18, GgmlType.Q6_K),
    IQ4_NL(25, GgmlType.IQ4_NL),
    IQ4_XS(30, GgmlType.IQ4_XS),
    BF16(32, GgmlType.BF16),
    TQ2_0(37, GgmlType.TQ2_0),
    MXFP4_MOE(38, GgmlType.MXFP4);

    private final int id;
    private final GgmlType defaultType;
    private final String alias;

    LlamaFileType(int id, GgmlType defaultType) {
        this(id, defaultType, null);
    }

    /** {@code alias}: the tensor-type name llama-quantize reads as this mix (tools/quantize/quantize.cpp). */
    LlamaFileType(int id, GgmlType defaultType, String alias) {
        this.id = id;
        this.defaultType = defaultType;
        this.alias = alias;
    }

    /** The value of {@code general.file_type}. */
    public int id() {
        return id;
    }

    /** The type every quantizable tensor gets before the mix's rules adjust it (and the only one with --pure). */
    public GgmlType defaultType() {
        return defaultType;
    }

    /** Whether the default type is a quantized one: only then does llama.cpp apply the mix rules. */
    public boolean isQuantized() {
        return defaultType.isQuantized();
    }

    /** The file type with this {@code general.file_type} value, if Chord knows it. */
    public static Optional<LlamaFileType> byId(long id) {
        for (LlamaFileType t : values()) {
            if (t.id == id) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The file type named {@code name}, case-insensitively: a mix name ({@code Q4_K_M}) or a tensor-type name
     * that llama-quantize reads as a mix ({@code Q4_K} = {@code Q4_K_M}, {@code Q8_0}, {@code f16}).
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static LlamaFileType parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (LlamaFileType t : values()) {
            if (t.name().equals(n) || n.equals(t.alias)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown type '" + name + "'; valid: " + validNames());
    }

    /** Every accepted name, mixes and aliases, for help and error messages. */
    public static String validNames() {
        List<String> names = new ArrayList<>();
        for (LlamaFileType t : values()) {
            names.add(t.name());
            if (t.alias != null) {
                names.add(t.alias + " (= " + t.name() + ")");
            }
        }
        return String.join(", ", names);
    }
}
