package dev.chord.gguf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetadataAccessTest {

    private final GgufMetadata m = new GgufMetadata()
            .put("llama.block_count", GgufValue.string("four"))
            .put("llama.embedding_length", GgufValue.uint32(4_000_000_000L))
            .put("llama.rope.freq_base", GgufValue.float64(10000.0))
            .put("big", GgufValue.uint64(-1L))
            .put("arr", GgufValue.array(GgufArray.ofInt32(1, 2, 3)));

    @Test
    void wrongTypeNamesKeyExpectedAndFound() {
        var e = assertThrows(GgufMetadataException.class, () -> m.getUInt32("llama.block_count"));
        assertEquals("llama.block_count: expected UINT32, found STRING", e.getMessage());
    }

    @Test
    void missingKeyIsNamed() {
        var e = assertThrows(GgufMetadataException.class, () -> m.getString("general.architecture"));
        assertEquals("missing metadata key general.architecture", e.getMessage());
    }

    @Test
    void unsignedValuesConvertCorrectly() {
        assertEquals(4_000_000_000L, m.getUInt32("llama.embedding_length"));
        assertEquals(4_000_000_000L, m.getInteger("llama.embedding_length"));
        assertThrows(GgufMetadataException.class, () -> m.getInt("llama.embedding_length"));
        assertThrows(GgufMetadataException.class, () -> m.getInteger("big"));
        assertEquals(10000f, m.getFloat("llama.rope.freq_base"));
    }

    @Test
    void arrayElementTypeIsChecked() {
        var e = assertThrows(GgufMetadataException.class, () -> m.getArray("arr", GgufValueType.STRING));
        assertEquals("arr: expected an array of STRING, found an array of INT32", e.getMessage());
    }
}
