package dev.chord.harness.tokenizer;

/**
 * What a vocabulary entry is, as {@code tokenizer.ggml.token_type} numbers it (llama.h
 * {@code llama_token_type}: 0 undefined, 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte).
 * The type reported for a token is the effective one: like llama.cpp, tokens whose text marks them as
 * end-of-turn or fill-in-the-middle markers are treated as {@link #CONTROL} whatever the file says.
 */
public enum TokenType {
    /** Not described by the file (also any number outside 0..6): rendered as nothing. */
    UNDEFINED(0),
    /** An ordinary piece of text. */
    NORMAL(1),
    /** The unknown-token placeholder ({@code <unk>}). */
    UNKNOWN(2),
    /** A control token such as BOS/EOS or a chat marker: only produced from text when special parsing is on. */
    CONTROL(3),
    /** A token added by the model author, always matched in text before the tokenizer runs. */
    USER_DEFINED(4),
    /** A reserved slot: rendered as nothing. */
    UNUSED(5),
    /** A raw byte {@code <0xNN>} (SentencePiece byte fallback). */
    BYTE(6);

    private final int ggufId;

    TokenType(int ggufId) {
        this.ggufId = ggufId;
    }

    /** The number {@code tokenizer.ggml.token_type} uses. */
    public int ggufId() {
        return ggufId;
    }

    /** The type for a {@code tokenizer.ggml.token_type} number; unknown numbers are {@link #UNDEFINED}, as in llama.cpp. */
    public static TokenType fromGguf(int id) {
        return id >= 0 && id < BY_GGUF_ID.length ? BY_GGUF_ID[id] : UNDEFINED;
    }

    private static final TokenType[] BY_GGUF_ID = values(); // declared in GGUF order

    /** Control, unknown and user-defined tokens: the ones llama.cpp matches as whole strings before tokenizing. */
    boolean isSpecial() {
        return this == CONTROL || this == UNKNOWN || this == USER_DEFINED;
    }
}
