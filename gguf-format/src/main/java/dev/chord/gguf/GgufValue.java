package dev.chord.gguf;

import java.util.Objects;

/**
 * One metadata value with its GGUF type. The Java representation is fixed per type: UINT8/INT8 are
 * {@link Byte}, UINT16/INT16 {@link Short}, UINT32/INT32 {@link Integer}, UINT64/INT64 {@link Long} (the
 * unsigned ones holding the bits), FLOAT32 {@link Float}, FLOAT64 {@link Double}, BOOL {@link Boolean},
 * STRING {@link String}, ARRAY {@link GgufArray}. The accessors convert, unsigned-correctly.
 */
public record GgufValue(GgufValueType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> want = switch (type) {
            case UINT8, INT8 -> Byte.class;
            case UINT16, INT16 -> Short.class;
            case UINT32, INT32 -> Integer.class;
            case UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
        };
        if (!want.isInstance(value)) {
            throw new IllegalArgumentException(type + " value must be a " + want.getSimpleName() + ", got " + value.getClass().getSimpleName());
        }
    }

    public static GgufValue uint8(int v) { return new GgufValue(GgufValueType.UINT8, (byte) v); }
    public static GgufValue int8(int v) { return new GgufValue(GgufValueType.INT8, (byte) v); }
    public static GgufValue uint16(int v) { return new GgufValue(GgufValueType.UINT16, (short) v); }
    public static GgufValue int16(int v) { return new GgufValue(GgufValueType.INT16, (short) v); }
    public static GgufValue uint32(long v) { return new GgufValue(GgufValueType.UINT32, (int) v); }
    public static GgufValue int32(int v) { return new GgufValue(GgufValueType.INT32, v); }
    public static GgufValue uint64(long v) { return new GgufValue(GgufValueType.UINT64, v); }
    public static GgufValue int64(long v) { return new GgufValue(GgufValueType.INT64, v); }
    public static GgufValue float32(float v) { return new GgufValue(GgufValueType.FLOAT32, v); }
    public static GgufValue float64(double v) { return new GgufValue(GgufValueType.FLOAT64, v); }
    public static GgufValue bool(boolean v) { return new GgufValue(GgufValueType.BOOL, v); }
    public static GgufValue string(String v) { return new GgufValue(GgufValueType.STRING, v); }
    public static GgufValue array(GgufArray v) { return new GgufValue(GgufValueType.ARRAY, v); }

    /** True for the eight integer types. */
    public boolean isInteger() {
        return type.isInteger();
    }

    /**
     * The value of an integer type as a long (unsigned types zero-extended).
     *
     * @throws IllegalStateException for a non-integer type or a UINT64 above {@link Long#MAX_VALUE}
     */
    public long asLong() {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedLong((Byte) value);
            case INT8 -> (Byte) value;
            case UINT16 -> Short.toUnsignedLong((Short) value);
            case INT16 -> (Short) value;
            case UINT32 -> Integer.toUnsignedLong((Integer) value);
            case INT32 -> (Integer) value;
            case INT64 -> (Long) value;
            case UINT64 -> {
                long v = (Long) value;
                if (v < 0) {
                    throw new IllegalStateException("UINT64 value " + Long.toUnsignedString(v) + " does not fit a signed long");
                }
                yield v;
            }
            default -> throw new IllegalStateException("not an integer: " + type);
        };
    }

    /** The value of any numeric type as a double. */
    public double asDouble() {
        return switch (type) {
            case FLOAT32 -> (Float) value;
            case FLOAT64 -> (Double) value;
            case UINT64 -> {
                long v = (Long) value;
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0;
            }
            default -> asLong();
        };
    }

    public String asString() {
        if (type != GgufValueType.STRING) {
            throw new IllegalStateException("not a string: " + type);
        }
        return (String) value;
    }

    public boolean asBool() {
        if (type != GgufValueType.BOOL) {
            throw new IllegalStateException("not a bool: " + type);
        }
        return (Boolean) value;
    }

    public GgufArray asArray() {
        if (type != GgufValueType.ARRAY) {
            throw new IllegalStateException("not an array: " + type);
        }
        return (GgufArray) value;
    }

    /** The value as plain Java for JSON: Long/Double/Boolean/String, or a List for arrays. UINT64 above 2^63 as a BigInteger. */
    public Object toPlain() {
        return switch (type) {
            case FLOAT32 -> (double) (Float) value;
            case FLOAT64 -> value;
            case BOOL, STRING -> value;
            case ARRAY -> ((GgufArray) value).toPlainList(Integer.MAX_VALUE);
            case UINT64 -> (Long) value < 0 ? new java.math.BigInteger(Long.toUnsignedString((Long) value)) : value;
            default -> asLong();
        };
    }

    /** A short human-readable form; arrays longer than {@code maxItems} are summarised. */
    public String display(int maxItems) {
        return switch (type) {
            case STRING -> quote((String) value, 200);
            case ARRAY -> ((GgufArray) value).display(maxItems);
            case UINT64 -> Long.toUnsignedString((Long) value);
            case FLOAT32, FLOAT64, BOOL -> String.valueOf(value);
            default -> String.valueOf(asLong());
        };
    }

    static String quote(String s, int max) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (s.length() > max) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return type + ":" + display(8);
    }
}
