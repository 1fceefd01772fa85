package dev.chord.harness.tokenizer;

/** A model's tokenizer metadata cannot be used: names the metadata key or token and what was expected. */
public class TokenizerException extends IllegalArgumentException {
    public TokenizerException(String message) {
        super(message);
    }
}
