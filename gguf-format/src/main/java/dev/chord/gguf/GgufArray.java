package dev.chord.gguf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A metadata array: the element type and the elements in a primitive Java array chosen by type
 * ({@code byte[]} for UINT8/INT8, {@code short[]} for UINT16/INT16, {@code int[]} for UINT32/INT32,
 * {@code long[]} for UINT64/INT64, {@code float[]}, {@code double[]}, {@code boolean[]}, {@code String[]},
 * and {@code GgufArray[]} for arrays of arrays).
 */
public final class GgufArray {
    private final GgufValueType elementType;
    private final Object values;
    private final int length;

    public GgufArray(GgufValueType elementType, Object values) {
        this.elementType = Objects.requireNonNull(elementType);
        this.values = Objects.requireNonNull(values);
        Class<?> want = switch (elementType) {
            case UINT8, INT8 -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING -> String[].class;
            case ARRAY -> GgufArray[].class;
        };
        if (!want.isInstance(values)) {
            throw new IllegalArgumentException("array of " + elementType + " needs a " + want.getSimpleName());
        }
        this.length = java.lang.reflect.Array.getLength(values);
    }

    public static GgufArray ofStrings(String... v) { return new GgufArray(GgufValueType.STRING, v); }
    public static GgufArray ofStrings(List<String> v) { return ofStrings(v.toArray(String[]::new)); }
    public static GgufArray ofFloats(float... v) { return new GgufArray(GgufValueType.FLOAT32, v); }
    public static GgufArray ofInt32(int... v) { return new GgufArray(GgufValueType.INT32, v); }

    public GgufValueType elementType() {
        return elementType;
    }

    /** The backing primitive array (not a copy; do not modify). */
    public Object values() {
        return values;
    }

    public int length() {
        return length;
    }

    /** Element {@code i} as a {@link GgufValue}. */
    public GgufValue get(int i) {
        return switch (elementType) {
            case UINT8, INT8 -> new GgufValue(elementType, ((byte[]) values)[i]);
            case UINT16, INT16 -> new GgufValue(elementType, ((short[]) values)[i]);
            case UINT32, INT32 -> new GgufValue(elementType, ((int[]) values)[i]);
            case UINT64, INT64 -> new GgufValue(elementType, ((long[]) values)[i]);
            case FLOAT32 -> new GgufValue(elementType, ((float[]) values)[i]);
            case FLOAT64 -> new GgufValue(elementType, ((double[]) values)[i]);
            case BOOL -> new GgufValue(elementType, ((boolean[]) values)[i]);
            case STRING -> new GgufValue(elementType, ((String[]) values)[i]);
            case ARRAY -> new GgufValue(elementType, ((GgufArray[]) values)[i]);
        };
    }

    /** The elements of a STRING array. */
    public String[] strings() {
        requireType(GgufValueType.STRING);
        return (String[]) values;
    }

    /** The elements of a FLOAT32 array. */
    public float[] floats() {
        requireType(GgufValueType.FLOAT32);
        return (float[]) values;
    }

    /** The elements of any integer array as ints (unsigned zero-extended; values must fit). */
    public int[] toIntArray() {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            long v = get(i).asLong();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalStateException("array element " + i + " = " + v + " does not fit an int");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** The elements of any numeric array as floats. */
    public float[] toFloatArray() {
        if (elementType == GgufValueType.FLOAT32) {
            return ((float[]) values).clone();
        }
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) get(i).asDouble();
        }
        return out;
    }

    private void requireType(GgufValueType t) {
        if (elementType != t) {
            throw new IllegalStateException("expected an array of " + t + ", found an array of " + elementType);
        }
    }

    /** Up to {@code max} elements as plain Java values (see {@link GgufValue#toPlain()}). */
    public List<Object> toPlainList(int max) {
        int n = Math.min(max, length);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(get(i).toPlain());
        }
        return out;
    }

    public String display(int maxItems) {
        StringBuilder sb = new StringBuilder();
        sb.append("[").append(elementType).append(" x ").append(length).append("]");
        if (length == 0) {
            return sb.toString();
        }
        sb.append(" ");
        int n = Math.min(maxItems, length);
        sb.append(length > maxItems ? "first " + n + ": " : "");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(get(i).display(Math.max(1, maxItems / 2)));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufArray a) || a.elementType != elementType) {
            return false;
        }
        return Arrays.deepEquals(new Object[] {values}, new Object[] {a.values});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {values});
    }

    @Override
    public String toString() {
        return display(8);
    }
}
