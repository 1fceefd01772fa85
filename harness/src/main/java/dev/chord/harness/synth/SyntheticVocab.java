package dev.chord.harness.synth;

import dev.chord.gguf.GgufArray;
import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SentencePiece-style vocabulary of any size that covers every input: {@code <unk>}, {@code <s>},
 * {@code </s>}, the 256 byte tokens {@code <0x00>..<0xFF>} (byte fallback), then pieces made of {@code ▁}
 * (SentencePiece's space), printable ASCII and lower-case letter n-grams, in a fixed order, each scored so that
 * earlier pieces merge first. Every piece longer than one character is the concatenation of two shorter ones,
 * so SentencePiece's pairwise merging can reach it.
 *
 * <p>Written as llama.cpp's {@code llama} tokenizer model expects (src/llama-vocab.cpp): token texts, scores and
 * types ({@code LLAMA_TOKEN_TYPE_*}: 1 normal, 2 unknown, 3 control, 6 byte), BOS 1, EOS 2, UNK 0, BOS added.
 */
public final class SyntheticVocab {

    static final int TYPE_NORMAL = 1;
    static final int TYPE_UNKNOWN = 2;
    static final int TYPE_CONTROL = 3;
    static final int TYPE_BYTE = 6;
    /** Specials and byte tokens: the smallest vocabulary. */
    public static final int MIN_SIZE = 3 + 256;
    private static final String SPACE = "\u2581";

    private final String[] tokens;
    private final float[] scores;
    private final int[] types;

    private SyntheticVocab(String[] tokens, float[] scores, int[] types) {
        this.tokens = tokens;
        this.scores = scores;
        this.types = types;
    }

    /** A vocabulary of exactly {@code size} tokens. */
    public static SyntheticVocab ofSize(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("a byte-level vocabulary needs at least " + MIN_SIZE
                    + " tokens (3 special + 256 bytes), got " + size);
        }
        String[] tokens = new String[size];
        float[] scores = new float[size];
        int[] types = new int[size];
        tokens[0] = "<unk>";
        types[0] = TYPE_UNKNOWN;
        tokens[1] = "<s>";
        types[1] = TYPE_CONTROL;
        tokens[2] = "</s>";
        types[2] = TYPE_CONTROL;
        for (int b = 0; b < 256; b++) {
            tokens[3 + b] = String.format("<0x%02X>", b);
            types[3 + b] = TYPE_BYTE;
        }
        List<String> pieces = pieces(size - MIN_SIZE);
        for (int i = 0; i < pieces.size(); i++) {
            int id = MIN_SIZE + i;
            tokens[id] = pieces.get(i);
            types[id] = TYPE_NORMAL;
            scores[id] = -i; // SentencePiece merges the highest score first
        }
        return new SyntheticVocab(tokens, scores, types);
    }

    /** The first {@code n} pieces of the fixed order. */
    static List<String> pieces(int n) {
        Set<String> out = new LinkedHashSet<>();
        out.add(SPACE);
        for (char c = '!'; c <= '~'; c++) {
            out.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            out.add(SPACE + c);
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            out.add(SPACE + c);
        }
        for (char c = '0'; c <= '9'; c++) {
            out.add(SPACE + c);
        }
        // letter n-grams, each level after the level it is built from, with and without a leading space
        List<String> level = new ArrayList<>();
        for (char c = 'a'; c <= 'z'; c++) {
            level.add(String.valueOf(c));
        }
        while (out.size() < n) {
            List<String> next = new ArrayList<>(level.size() * 26);
            for (String s : level) {
                for (char c = 'a'; c <= 'z'; c++) {
                    next.add(s + c);
                }
            }
            for (int i = 0; i < next.size() && out.size() < n; i++) {
                out.add(next.get(i));
            }
            for (int i = 0; i < next.size() && out.size() < n; i++) {
                out.add(SPACE + next.get(i));
            }
            level = next;
        }
        List<String> list = new ArrayList<>(out);
        return list.subList(0, Math.min(n, list.size()));
    }

    public int size() {
        return tokens.length;
    }

    /** Adds the {@code tokenizer.ggml.*} keys. */
    public void putInto(GgufMetadata m) {
        m.put("tokenizer.ggml.model", GgufValue.string("llama"));
        m.put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStrings(tokens)));
        m.put("tokenizer.ggml.scores", GgufValue.array(GgufArray.ofFloats(scores)));
        m.put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofInt32(types)));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(1));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(2));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(0));
        m.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        m.put("tokenizer.ggml.add_eos_token", GgufValue.bool(false));
    }
}
