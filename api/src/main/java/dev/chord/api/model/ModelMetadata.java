package dev.chord.api.model;

import java.util.Optional;

/**
 * The key-value metadata of a model file, as an architecture reads it ({@code llama.block_count}).
 * Integer getters accept any integer type, float getters FLOAT32 or FLOAT64. A missing key or a value of
 * another type is an {@link IllegalArgumentException} naming the key, the expected and the found type.
 */
public interface ModelMetadata {

    boolean contains(String key);

    int getInt(String key);

    float getFloat(String key);

    String getString(String key);

    Optional<Integer> findInt(String key);

    Optional<Float> findFloat(String key);

    Optional<String> findString(String key);

    Optional<Boolean> findBool(String key);
}
