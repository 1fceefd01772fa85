package dev.chord.gguf;

/** A metadata key a loader needs is missing or has another type ("llama.block_count: expected UINT32, found STRING"). */
public class GgufMetadataException extends IllegalArgumentException {
    public GgufMetadataException(String message) {
        super(message);
    }
}
