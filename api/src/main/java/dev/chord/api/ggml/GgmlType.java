package dev.chord.api.ggml;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ggml's tensor types: one row per type, keyed by the ID written in GGUF files.
 *
 * <p>Source of every row: {@code enum ggml_type} in ggml/include/ggml.h and the {@code type_traits}
 * table in ggml/src/ggml.c (llama.cpp); block layouts and their byte sizes in ggml/src/ggml-common.h.
 * IDs are file IDs and never change; Java ordinals are never used for them. Rows marked removed were
 * dropped from ggml (the repacked ARM layouts 31-33 and 36-38, Q4_2/Q4_3): a file that uses them is
 * described, not computed with.
 */
public enum GgmlType {
    F32(0, "f32", 1, 4, Kind.FLOAT),
    F16(1, "f16", 1, 2, Kind.FLOAT),
    Q4_0(2, "q4_0", 32, 18, Kind.QUANTIZED),
    Q4_1(3, "q4_1", 32, 20, Kind.QUANTIZED),
    Q4_2(4, "q4_2", 0, 0, Kind.REMOVED),
    Q4_3(5, "q4_3", 0, 0, Kind.REMOVED),
    Q5_0(6, "q5_0", 32, 22, Kind.QUANTIZED),
    Q5_1(7, "q5_1", 32, 24, Kind.QUANTIZED),
    Q8_0(8, "q8_0", 32, 34, Kind.QUANTIZED),
    Q8_1(9, "q8_1", 32, 36, Kind.QUANTIZED),
    Q2_K(10, "q2_K", 256, 84, Kind.QUANTIZED),
    Q3_K(11, "q3_K", 256, 110, Kind.QUANTIZED),
    Q4_K(12, "q4_K", 256, 144, Kind.QUANTIZED),
    Q5_K(13, "q5_K", 256, 176, Kind.QUANTIZED),
    Q6_K(14, "q6_K", 256, 210, Kind.QUANTIZED),
    Q8_K(15, "q8_K", 256, 292, Kind.QUANTIZED),
    IQ2_XXS(16, "iq2_xxs", 256, 66, Kind.QUANTIZED),
    IQ2_XS(17, "iq2_xs", 256, 74, Kind.QUANTIZED),
    IQ3_XXS(18, "iq3_xxs", 256, 98, Kind.QUANTIZED),
    IQ1_S(19, "iq1_s", 256, 50, Kind.QUANTIZED),
    IQ4_NL(20, "iq4_nl", 32, 18, Kind.QUANTIZED),
    IQ3_S(21, "iq3_s", 256, 110, Kind.QUANTIZED),
    IQ2_S(22, "iq2_s", 256, 82, Kind.QUANTIZED),
    IQ4_XS(23, "iq4_xs", 256, 136, Kind.QUANTIZED),
    I8(24, "i8", 1, 1, Kind.INTEGER),
    I16(25, "i16", 1, 2, Kind.INTEGER),
    I32(26, "i32", 1, 4, Kind.INTEGER),
    I64(27, "i64", 1, 8, Kind.INTEGER),
    F64(28, "f64", 1, 8, Kind.FLOAT),
    IQ1_M(29, "iq1_m", 256, 56, Kind.QUANTIZED),
    BF16(30, "bf16", 1, 2, Kind.FLOAT),
    Q4_0_4_4(31, "q4_0_4x4", 0, 0, Kind.REMOVED),
    Q4_0_4_8(32, "q4_0_4x8", 0, 0, Kind.REMOVED),
    Q4_0_8_8(33, "q4_0_8x8", 0, 0, Kind.REMOVED),
    TQ1_0(34, "tq1_0", 256, 54, Kind.QUANTIZED),
    TQ2_0(35, "tq2_0", 256, 66, Kind.QUANTIZED),
    IQ4_NL_4_4(36, "iq4_nl_4x4", 0, 0, Kind.REMOVED),
    IQ4_NL_4_8(37, "iq4_nl_4x8", 0, 0, Kind.REMOVED),
    IQ4_NL_8_8(38, "iq4_nl_8x8", 0, 0, Kind.REMOVED),
    MXFP4(39, "mxfp4", 32, 17, Kind.QUANTIZED),
    /** Newer than the fixtures' llama.cpp: 64 values, four E4M3 scales (ggml.c type_traits, build b9632). */
    NVFP4(40, "nvfp4", 64, 36, Kind.QUANTIZED),
    /** Newer than the fixtures' llama.cpp: 128 one-bit values and an F16 scale (ggml.c type_traits). */
    Q1_0(41, "q1_0", 128, 18, Kind.QUANTIZED);

    /** What a row is; decides whether Chord can describe, compute with or must refuse a tensor. */
    public enum Kind { FLOAT, INTEGER, QUANTIZED, REMOVED }

    private static final Map<Integer, GgmlType> BY_ID = new HashMap<>();
    private static final Map<String, GgmlType> BY_NAME = new HashMap<>();

    static {
        for (GgmlType t : values()) {
            if (BY_ID.put(t.id, t) != null) {
                throw new AssertionError("duplicate ggml type id " + t.id);
            }
            BY_NAME.put(t.ggmlName.toLowerCase(Locale.ROOT), t);
            BY_NAME.put(t.name().toLowerCase(Locale.ROOT), t);
        }
    }

    private final int id;
    private final String ggmlName;
    private final int blockSize;
    private final int blockBytes;
    private final Kind kind;

    GgmlType(int id, String ggmlName, int blockSize, int blockBytes, Kind kind) {
        this.id = id;
        this.ggmlName = ggmlName;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
        this.kind = kind;
    }

    /** The number written in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** ggml's name ({@code q4_K}, {@code bf16}), the one users type and Chord prints. */
    public String ggmlName() {
        return ggmlName;
    }

    /** Values per block (1 for plain scalar types, 0 for removed types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRemoved() {
        return kind == Kind.REMOVED;
    }

    public boolean isQuantized() {
        return kind == Kind.QUANTIZED;
    }

    /** Bits per value as stored, blocks' scales included (4.5 for q4_0). */
    public double bitsPerValue() {
        return blockSize == 0 ? Double.NaN : 8.0 * blockBytes / blockSize;
    }

    /**
     * Bytes that {@code n} consecutive values occupy.
     *
     * @throws IllegalArgumentException if n is not a multiple of the block size or the type was removed
     */
    public long bytesFor(long n) {
        if (kind == Kind.REMOVED) {
            throw new IllegalArgumentException("ggml type " + ggmlName + " (id " + id + ") was removed from ggml; it has no layout");
        }
        if (n % blockSize != 0) {
            throw new IllegalArgumentException(n + " values of " + ggmlName + " are not whole blocks of " + blockSize);
        }
        return Math.multiplyExact(n / blockSize, (long) blockBytes);
    }

    /** The type with this file ID, if ggml defines one. */
    public static Optional<GgmlType> byId(int id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** The type with this ggml name or Java name, case-insensitively ({@code Q4_K}, {@code q4_k}, {@code q4_K}). */
    public static Optional<GgmlType> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * Like {@link #byName} but fails with a message listing the names that exist.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static GgmlType parse(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown ggml type '" + name + "'; known: " + knownNames()));
    }

    private static String knownNames() {
        StringBuilder sb = new StringBuilder();
        for (GgmlType t : values()) {
            if (!t.isRemoved()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(t.ggmlName);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return ggmlName;
    }
}
