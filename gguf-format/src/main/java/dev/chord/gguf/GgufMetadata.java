package dev.chord.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key-value metadata of a GGUF file, in file order, with the typed getters a model loader needs.
 * Strict getters ({@link #getUInt32}) demand the exact GGUF type; lenient ones ({@link #getInteger},
 * {@link #getFloat}) accept any integer or float type, as llama.cpp's loader does for most keys.
 */
public final class GgufMetadata implements dev.chord.api.model.ModelMetadata {

    private final LinkedHashMap<String, GgufValue> entries;

    public GgufMetadata() {
        this.entries = new LinkedHashMap<>();
    }

    public GgufMetadata(Map<String, GgufValue> entries) {
        this.entries = new LinkedHashMap<>(entries);
    }

    /** A copy that can be changed without touching this one. */
    public GgufMetadata copy() {
        return new GgufMetadata(entries);
    }

    /** All entries in file order (unmodifiable view). */
    public Map<String, GgufValue> asMap() {
        return Collections.unmodifiableMap(entries);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public int size() {
        return entries.size();
    }

    @Override
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public GgufMetadata put(String key, GgufValue value) {
        entries.put(key, value);
        return this;
    }

    public GgufMetadata remove(String key) {
        entries.remove(key);
        return this;
    }

    public Optional<GgufValue> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The value of {@code key}; a missing key is an error naming it. */
    public GgufValue require(String key) {
        GgufValue v = entries.get(key);
        if (v == null) {
            throw new GgufMetadataException("missing metadata key " + key);
        }
        return v;
    }

    /** The value of {@code key}, which must have type {@code type}. */
    public GgufValue require(String key, GgufValueType type) {
        GgufValue v = require(key);
        if (v.type() != type) {
            throw new GgufMetadataException(key + ": expected " + type + ", found " + v.type());
        }
        return v;
    }

    public long getUInt32(String key) {
        return require(key, GgufValueType.UINT32).asLong();
    }

    public int getInt32(String key) {
        return (Integer) require(key, GgufValueType.INT32).value();
    }

    public long getUInt64(String key) {
        return require(key, GgufValueType.UINT64).asLong();
    }

    public float getFloat32(String key) {
        return (Float) require(key, GgufValueType.FLOAT32).value();
    }

    public boolean getBool(String key) {
        return require(key, GgufValueType.BOOL).asBool();
    }

    @Override
    public String getString(String key) {
        return require(key, GgufValueType.STRING).asString();
    }

    /** An array whose elements have type {@code elementType}. */
    public GgufArray getArray(String key, GgufValueType elementType) {
        GgufArray a = require(key, GgufValueType.ARRAY).asArray();
        if (a.elementType() != elementType) {
            throw new GgufMetadataException(key + ": expected an array of " + elementType + ", found an array of " + a.elementType());
        }
        return a;
    }

    /** Any integer type, as a long. */
    public long getInteger(String key) {
        GgufValue v = require(key);
        if (!v.isInteger()) {
            throw new GgufMetadataException(key + ": expected an integer, found " + v.type());
        }
        try {
            return v.asLong();
        } catch (IllegalStateException e) {
            throw new GgufMetadataException(key + ": " + e.getMessage());
        }
    }

    /** Any integer type that fits an int. */
    @Override
    public int getInt(String key) {
        long v = getInteger(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new GgufMetadataException(key + ": value " + v + " does not fit a 32-bit int");
        }
        return (int) v;
    }

    /** FLOAT32 or FLOAT64, as a float. */
    @Override
    public float getFloat(String key) {
        GgufValue v = require(key);
        if (v.type() != GgufValueType.FLOAT32 && v.type() != GgufValueType.FLOAT64) {
            throw new GgufMetadataException(key + ": expected FLOAT32, found " + v.type());
        }
        return (float) v.asDouble();
    }

    @Override
    public Optional<String> findString(String key) {
        return contains(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    @Override
    public Optional<Integer> findInt(String key) {
        return contains(key) ? Optional.of(getInt(key)) : Optional.empty();
    }

    @Override
    public Optional<Float> findFloat(String key) {
        return contains(key) ? Optional.of(getFloat(key)) : Optional.empty();
    }

    @Override
    public Optional<Boolean> findBool(String key) {
        return contains(key) ? Optional.of(getBool(key)) : Optional.empty();
    }

    public Optional<GgufArray> findArray(String key, GgufValueType elementType) {
        return contains(key) ? Optional.of(getArray(key, elementType)) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufMetadata m && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "GgufMetadata" + entries.keySet();
    }
}
