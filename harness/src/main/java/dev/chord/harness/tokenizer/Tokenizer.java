package dev.chord.harness.tokenizer;

/**
 * A model's tokenizer, giving the token ids llama.cpp's {@code llama_tokenize} gives. Made by
 * {@link Tokenizers#fromGguf}; immutable and safe to share between threads.
 */
public interface Tokenizer {

    /**
     * Token ids of {@code text}, as llama.cpp's {@code llama_tokenize(vocab, text, add_special, parse_special)}.
     *
     * @param addSpecial   add the tokens the model asks for around a prompt: BOS first when
     *                     {@link #addsBos()} ({@code tokenizer.ggml.add_bos_token}, default per model type) and EOS
     *                     last when {@code tokenizer.ggml.add_eos_token} says so
     * @param parseSpecial match control tokens written in the text ({@code <|eot_id|>}, {@code <s>}) as those tokens;
     *                     when false they are tokenized as plain text. User-defined tokens are matched either way.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /** Token ids of plain text: no BOS, special tokens not parsed (llama.cpp's test-tokenizer-0 settings). */
    default int[] encode(String text) {
        return encode(text, false, false);
    }

    /**
     * The bytes a token stands for, for streaming output: a SentencePiece piece with {@code ▁} as a space, a
     * {@code <0xNN>} byte token as that byte, a byte-level BPE piece mapped back to its bytes, a control token as
     * its text; unused and undefined tokens as nothing. A multi-byte character may be split over several tokens:
     * feed the bytes to a {@link Utf8StreamDecoder}. Returns a fresh array.
     */
    byte[] tokenBytes(int id);

    /**
     * The text of a token sequence, as llama.cpp's {@code llama_detokenize(..., remove_special=false,
     * unparse_special=true)}: the pieces joined (control tokens as their text), the space SentencePiece put
     * before the first word removed, and for BPE models the clean-up of spaces before {@code ? ! . ,} and
     * some apostrophes. Bytes that do not form UTF-8 become U+FFFD.
     */
    String decode(int[] ids);

    int vocabSize();

    /** The BOS token id, or -1 if the model has none. */
    int bosId();

    /** The EOS token id, or -1 if the model has none. */
    int eosId();

    /** Whether {@code encode(text, true, ...)} starts with BOS. */
    boolean addsBos();

    /** Whether generating this token ends generation (EOS, end-of-turn and the other tokens llama.cpp treats so). */
    boolean isEndOfGeneration(int id);

    /** The effective type of a token (see {@link TokenType}). */
    TokenType tokenType(int id);

    /** The token's text as the vocabulary spells it ({@code ▁Hello}, {@code ĠHello}, {@code <0x0A>}). */
    String tokenText(int id);

    /** One line for logs: family, {@code tokenizer.ggml.model}/{@code pre}, size, BOS/EOS. */
    String describe();
}
