package dev.chord.harness.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-tokenizers of byte-level BPE vocabularies that Chord implements, chosen by
 * {@code tokenizer.ggml.pre}. The names each one answers to, and its flags, are llama.cpp's
 * (llama-vocab.cpp {@code llama_vocab::impl::load}); any other name is an error naming it and these.
 */
public enum BpePreTokenizer {
    /** Llama 3's regex ({@link Llama3Splitter}); words already in the vocabulary skip the merges; adds BOS. */
    LLAMA3(true, true, "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
            "jina-v5-nano") {
        @Override
        List<String> split(String text) {
            return Llama3Splitter.split(text);
        }
    },
    /** GPT-2's regex ({@link Gpt2Splitter}). */
    GPT2(false, false, "gpt-2", "phi-2", "mpt", "olmo") {
        @Override
        List<String> split(String text) {
            return Gpt2Splitter.split(text);
        }
    },
    /**
     * llama.cpp's fallback for BPE models without a known pre-tokenizer type, four regexes applied one after the
     * other, each splitting the pieces the previous one left: {@code [\p{P}\$\+<=>\^~\|]+}, GPT-2's regex,
     * {@code \p{N}+}, {@code [0-9][0-9][0-9]}.
     */
    DEFAULT(false, false, "default") {
        @Override
        List<String> split(String text) {
            List<String> pieces = splitByRegex(List.of(text), PUNCTUATION_RUN);
            List<String> words = new ArrayList<>();
            for (String p : pieces) {
                words.addAll(Gpt2Splitter.split(p));
            }
            return splitByRegex(splitByRegex(words, NUMBER_RUN), THREE_DIGITS);
        }
    };

    private static final Pattern PUNCTUATION_RUN = Pattern.compile("[\\p{P}\\$\\+<=>\\^~\\|]+");
    private static final Pattern NUMBER_RUN = Pattern.compile("\\p{N}+");
    private static final Pattern THREE_DIGITS = Pattern.compile("[0-9][0-9][0-9]");

    private static final Map<String, BpePreTokenizer> BY_NAME;

    static {
        Map<String, BpePreTokenizer> m = new java.util.LinkedHashMap<>();
        for (BpePreTokenizer p : values()) {
            for (String name : p.names) {
                m.put(name, p);
            }
        }
        BY_NAME = java.util.Collections.unmodifiableMap(m);
    }

    private final boolean ignoreMerges;
    private final boolean addsBosByDefault;
    private final List<String> names;

    BpePreTokenizer(boolean ignoreMerges, boolean addsBosByDefault, String... names) {
        this.ignoreMerges = ignoreMerges;
        this.addsBosByDefault = addsBosByDefault;
        this.names = List.of(names);
    }

    /** Splits text into the words that BPE merges separately. */
    abstract List<String> split(String text);

    /** Whether a word that is itself a token is emitted without running the merges (llama.cpp ignore_merges). */
    boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** llama.cpp's add_bos default before {@code tokenizer.ggml.add_bos_token} is read. */
    boolean addsBosByDefault() {
        return addsBosByDefault;
    }

    /** The {@code tokenizer.ggml.pre} values that select this pre-tokenizer. */
    public List<String> names() {
        return names;
    }

    /** The pre-tokenizer for a {@code tokenizer.ggml.pre} value, or null if Chord has none. */
    static BpePreTokenizer forName(String name) {
        return BY_NAME.get(name);
    }

    /** Every supported {@code tokenizer.ggml.pre} value. */
    static java.util.Set<String> supportedNames() {
        return BY_NAME.keySet();
    }

    /** Each piece split into matches of {@code regex} and the text between them (llama.cpp unicode_regex_split_stl). */
    static List<String> splitByRegex(List<String> pieces, Pattern regex) {
        List<String> out = new ArrayList<>(pieces.size());
        for (String piece : pieces) {
            Matcher m = regex.matcher(piece);
            int last = 0;
            while (m.find()) {
                if (m.start() > last) {
                    out.add(piece.substring(last, m.start()));
                }
                out.add(m.group());
                last = m.end();
            }
            if (last < piece.length()) {
                out.add(piece.substring(last));
            }
        }
        return out;
    }
}
