package dev.chord.gguf;

import java.nio.file.Path;

/**
 * A GGUF file is malformed. The message always names the file, the byte offset where reading went wrong
 * and what was expected there, in one line a user can act on.
 */
public class GgufFormatException extends RuntimeException {
    private final Path file;
    private final long offset;

    public GgufFormatException(Path file, long offset, String message) {
        super(file + ": at offset " + offset + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
