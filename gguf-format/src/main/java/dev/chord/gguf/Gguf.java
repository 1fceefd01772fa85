package dev.chord.gguf;

/**
 * Constants of the GGUF format, from the specification in ggml/docs/gguf.md and ggml/include/gguf.h.
 */
public final class Gguf {
    private Gguf() {
    }

    /** "GGUF" as the first four bytes of the file. */
    public static final byte[] MAGIC = {'G', 'G', 'U', 'F'};

    /** Default data alignment when {@code general.alignment} is absent (GGUF_DEFAULT_ALIGNMENT). */
    public static final int DEFAULT_ALIGNMENT = 32;

    /** The key holding the alignment; its value must be a UINT32 power of two. */
    public static final String KEY_ALIGNMENT = "general.alignment";

    /** ggml tensors have at most four dimensions (GGML_MAX_DIMS). */
    public static final int MAX_DIMS = 4;

    /** ggml's tensor name buffer is 64 bytes including the terminator (GGML_MAX_NAME). */
    public static final int MAX_NAME_BYTES = 63;

    /** Version this writer produces. */
    public static final int WRITE_VERSION = 3;

    /** Nesting depth Chord accepts for arrays of arrays (the format sets none; this bounds recursion). */
    public static final int MAX_ARRAY_DEPTH = 16;

    static long alignUp(long v, long alignment) {
        return (v + alignment - 1) / alignment * alignment;
    }
}
