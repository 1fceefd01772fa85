package dev.chord.harness.tokenizer;

import dev.chord.gguf.GgufArray;
import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufValue;
import dev.chord.gguf.GgufValueType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's vocabulary as llama.cpp loads it from GGUF metadata (llama-vocab.cpp {@code llama_vocab::impl::load}):
 * token texts, scores and effective types, the text-to-id map, the special token ids, the BOS/EOS flags, the
 * end-of-generation set and the special tokens matched as whole strings before tokenizing.
 *
 * <p>Followed from llama.cpp: per-model-type defaults (SentencePiece BOS 1, EOS 2, UNK 0; BPE BOS = EOS = 11),
 * overridden by {@code tokenizer.ggml.*_token_id} keys inside the vocabulary; empty token texts renamed
 * {@code [EMPTY_<id>]}; tokens recognised by text as end-of-turn, end-of-message or fill-in-the-middle markers
 * made control tokens; the end-of-generation set built from EOS/EOT/EOM, the FIM pad/repo/separator tokens and
 * a list of texts. Not followed: the attribute fix-ups llama.cpp keys on model names (phi-3, jina, modern-bert
 * lstrip/rstrip flags).
 */
final class Vocabulary {
    private static final System.Logger LOG = System.getLogger(Vocabulary.class.getName());

    static final String KEY_MODEL = "tokenizer.ggml.model";
    static final String KEY_PRE = "tokenizer.ggml.pre";
    static final String KEY_TOKENS = "tokenizer.ggml.tokens";
    static final String KEY_SCORES = "tokenizer.ggml.scores";
    static final String KEY_TYPES = "tokenizer.ggml.token_type";
    static final String KEY_MERGES = "tokenizer.ggml.merges";
    static final String KEY_ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String KEY_ADD_EOS = "tokenizer.ggml.add_eos_token";
    static final String KEY_ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";

    // Texts llama.cpp recognises (llama-vocab.cpp, "auto-detect special tokens by text").
    private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>");
    private static final List<String> EOM_TEXTS = List.of("<|eom_id|>");
    private static final List<String> FIM_PRE_TEXTS = List.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",
            "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>");
    private static final List<String> FIM_SUF_TEXTS = List.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>",
            "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>");
    private static final List<String> FIM_MID_TEXTS = List.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>",
            "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>");
    private static final List<String> FIM_PAD_TEXTS = List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
    private static final List<String> FIM_REP_TEXTS = List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>",
            "<reponame>");
    private static final List<String> FIM_SEP_TEXTS = List.of("<|file_sep|>");
    private static final List<String> EOG_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>",
            "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>",
            "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>",
            "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[");
    /** gpt-oss markers llama.cpp always renders and matches as user-defined tokens. */
    private static final List<String> FORCED_USER_DEFINED = List.of("<|channel|>", "<|message|>", "<|start|>",
            "<|constrain|>");

    /** The tokenizer families Chord implements, by {@code tokenizer.ggml.model}. */
    enum Model {
        SPM("llama", "SentencePiece"),
        BPE("gpt2", "byte-level BPE");

        final String ggufName;
        final String description;

        Model(String ggufName, String description) {
            this.ggufName = ggufName;
            this.description = description;
        }

        static Model forName(String name) {
            for (Model m : values()) {
                if (m.ggufName.equals(name)) {
                    return m;
                }
            }
            StringBuilder supported = new StringBuilder();
            for (Model m : values()) {
                supported.append(supported.isEmpty() ? "" : ", ").append(m.ggufName).append(" (").append(m.description)
                        .append(')');
            }
            throw new TokenizerException(KEY_MODEL + " = '" + name + "' is not supported; supported: " + supported);
        }
    }

    final Model model;
    /** Null for SentencePiece, which has no pre-tokenizer. */
    final BpePreTokenizer pre;
    final String[] texts;
    final float[] scores;
    final TokenType[] types;
    final Map<String, Integer> ids;
    final int bos;
    final int eos;
    final int unk;
    final boolean addBos;
    final boolean addEos;
    final boolean addSpacePrefix;
    /** llama.cpp clean_spaces: the detokenizer drops spaces before punctuation (BPE models). */
    final boolean cleanSpaces;
    final BitSet endOfGeneration;
    /** Control, unknown and user-defined tokens, longest UTF-8 text first (ties: lower id first). */
    final int[] specialTokens;
    /** BPE merge ranks keyed by {@code "left right"}; empty for SentencePiece. */
    final Map<String, Integer> mergeRanks;

    private Vocabulary(GgufMetadata md) {
        this.model = Model.forName(string(md, KEY_MODEL).orElseThrow(() -> new TokenizerException(
                "no tokenizer in the metadata: " + KEY_MODEL + " is missing")));
        this.pre = model == Model.BPE ? bpePreTokenizer(md) : null;

        String[] raw = stringArray(md, KEY_TOKENS).orElseThrow(() -> new TokenizerException(
                "no tokenizer vocabulary: " + KEY_TOKENS + " is missing"));
        int n = raw.length;
        if (n == 0) {
            throw new TokenizerException(KEY_TOKENS + " is empty");
        }
        this.texts = new String[n];
        this.ids = HashMap.newHashMap(n);
        for (int i = 0; i < n; i++) {
            String t = raw[i].isEmpty() ? "[EMPTY_" + i + "]" : raw[i];
            if (raw[i].isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "empty token at index {0}, named {1} as llama.cpp does", i, t);
            }
            Integer prev = ids.putIfAbsent(t, i);
            if (prev != null) {
                throw new TokenizerException(KEY_TOKENS + ": duplicate token '" + t + "' has ids " + prev + " and " + i);
            }
            texts[i] = t;
        }
        this.scores = scores(md, n);
        this.types = types(md, n);

        // Defaults per model type (llama-vocab.cpp), then the file's ids when they are inside the vocabulary.
        int defBos = model == Model.SPM ? 1 : 11;
        int defEos = model == Model.SPM ? 2 : 11;
        int defUnk = model == Model.SPM ? 0 : -1;
        this.bos = specialId(md, "tokenizer.ggml.bos_token_id", defBos, n);
        this.eos = specialId(md, "tokenizer.ggml.eos_token_id", defEos, n);
        this.unk = specialId(md, "tokenizer.ggml.unknown_token_id", defUnk, n);

        boolean bosDefault = model == Model.SPM || pre.addsBosByDefault();
        this.addBos = flag(md, KEY_ADD_BOS, bosDefault);
        this.addEos = flag(md, KEY_ADD_EOS, false);
        this.addSpacePrefix = flag(md, KEY_ADD_SPACE_PREFIX, model == Model.SPM);
        this.cleanSpaces = model == Model.BPE;
        if (addBos && bos < 0) {
            throw new TokenizerException(KEY_ADD_BOS + " is true, but tokenizer.ggml.bos_token_id is not set");
        }
        if (addEos && eos < 0) {
            throw new TokenizerException(KEY_ADD_EOS + " is true, but tokenizer.ggml.eos_token_id is not set");
        }

        this.endOfGeneration = endOfGeneration(md, n);
        this.specialTokens = specialTokens();
        this.mergeRanks = model == Model.BPE ? mergeRanks(md) : Map.of();
    }

    static Vocabulary load(GgufMetadata md) {
        return new Vocabulary(md);
    }

    int size() {
        return texts.length;
    }

    /** The id of a token text, or -1. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    private static BpePreTokenizer bpePreTokenizer(GgufMetadata md) {
        Optional<String> name = string(md, KEY_PRE);
        if (name.isEmpty() || name.get().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} is missing: using llama.cpp''s ''default'' BPE pre-tokenizer; "
                    + "llama.cpp warns that generation quality will be degraded", KEY_PRE);
            return BpePreTokenizer.DEFAULT;
        }
        BpePreTokenizer p = BpePreTokenizer.forName(name.get());
        if (p == null) {
            throw new TokenizerException(KEY_PRE + " = '" + name.get() + "' is not a pre-tokenizer Chord implements;"
                    + " supported: " + String.join(", ", BpePreTokenizer.supportedNames()));
        }
        return p;
    }

    private static Optional<String> string(GgufMetadata md, String key) {
        Optional<GgufValue> v = md.find(key);
        if (v.isPresent() && v.get().type() != GgufValueType.STRING) {
            throw new TokenizerException(key + ": expected STRING, found " + describe(v.get()));
        }
        return v.map(GgufValue::asString);
    }

    private static Optional<String[]> stringArray(GgufMetadata md, String key) {
        Optional<GgufValue> v = md.find(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().type() != GgufValueType.ARRAY || v.get().asArray().elementType() != GgufValueType.STRING) {
            throw new TokenizerException(key + ": expected an array of strings, found " + describe(v.get()));
        }
        return Optional.of(v.get().asArray().strings());
    }

    private static float[] scores(GgufMetadata md, int n) {
        Optional<GgufValue> v = md.find(KEY_SCORES);
        if (v.isEmpty()) {
            return new float[n];
        }
        GgufArray a = v.get().type() == GgufValueType.ARRAY ? v.get().asArray() : null;
        if (a == null || (a.elementType() != GgufValueType.FLOAT32 && a.elementType() != GgufValueType.INT32)) {
            throw new TokenizerException(KEY_SCORES + ": expected an array of FLOAT32 or INT32, found " + describe(v.get()));
        }
        if (a.length() < n) {
            throw new TokenizerException(KEY_SCORES + ": " + a.length() + " scores for " + n + " tokens");
        }
        return Arrays.copyOf(a.toFloatArray(), n);
    }

    private static TokenType[] types(GgufMetadata md, int n) {
        TokenType[] t = new TokenType[n];
        Optional<GgufValue> v = md.find(KEY_TYPES);
        if (v.isEmpty()) {
            Arrays.fill(t, TokenType.NORMAL);
            return t;
        }
        GgufArray a = v.get().type() == GgufValueType.ARRAY ? v.get().asArray() : null;
        if (a == null || a.elementType() != GgufValueType.INT32) {
            throw new TokenizerException(KEY_TYPES + ": expected an array of INT32, found " + describe(v.get()));
        }
        if (a.length() < n) {
            throw new TokenizerException(KEY_TYPES + ": " + a.length() + " token types for " + n + " tokens");
        }
        int[] raw = (int[]) a.values();
        for (int i = 0; i < n; i++) {
            t[i] = TokenType.fromGguf(raw[i]);
        }
        return t;
    }

    private static int specialId(GgufMetadata md, String key, int dflt, int n) {
        if (dflt >= n) {
            LOG.log(System.Logger.Level.WARNING, "default {0} = {1} is outside the vocabulary, disabled", key, dflt);
            dflt = -1;
        }
        Optional<GgufValue> v = md.find(key);
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.get().isInteger()) {
            throw new TokenizerException(key + ": expected an integer, found " + describe(v.get()));
        }
        long id = v.get().asLong();
        if (id < 0 || id >= n) {
            LOG.log(System.Logger.Level.WARNING, "{0} = {1} is outside the vocabulary of {2} tokens, using {3}",
                    key, id, n, dflt);
            return dflt;
        }
        return (int) id;
    }

    private static boolean flag(GgufMetadata md, String key, boolean dflt) {
        Optional<GgufValue> v = md.find(key);
        if (v.isEmpty()) {
            return dflt;
        }
        if (v.get().type() != GgufValueType.BOOL) {
            throw new TokenizerException(key + ": expected BOOL, found " + describe(v.get()));
        }
        return v.get().asBool();
    }

    /** llama.cpp's end-of-generation set, with the token types it forces along the way. */
    private BitSet endOfGeneration(GgufMetadata md, int n) {
        int eot = detect(md, "tokenizer.ggml.eot_token_id", EOT_TEXTS, n);
        int eom = detect(md, "tokenizer.ggml.eom_token_id", EOM_TEXTS, n);
        detect(md, "tokenizer.ggml.fim_pre_token_id", FIM_PRE_TEXTS, n);
        detect(md, "tokenizer.ggml.fim_suf_token_id", FIM_SUF_TEXTS, n);
        detect(md, "tokenizer.ggml.fim_mid_token_id", FIM_MID_TEXTS, n);
        int fimPad = detect(md, "tokenizer.ggml.fim_pad_token_id", FIM_PAD_TEXTS, n);
        int fimRep = detect(md, "tokenizer.ggml.fim_rep_token_id", FIM_REP_TEXTS, n);
        int fimSep = detect(md, "tokenizer.ggml.fim_sep_token_id", FIM_SEP_TEXTS, n);

        BitSet eog = new BitSet(n);
        for (int id : new int[] {fimPad, fimRep, fimSep}) {
            if (id >= 0) {
                eog.set(id);
            }
        }
        for (String t : EOG_TEXTS) {
            int id = id(t);
            if (id >= 0) {
                eog.set(id);
                makeControl(id);
            }
        }
        for (String t : FORCED_USER_DEFINED) {
            int id = id(t);
            if (id >= 0) {
                types[id] = TokenType.USER_DEFINED;
            }
        }
        for (int id : new int[] {eos, eot, eom}) {
            if (id >= 0 && !eog.get(id)) {
                eog.set(id);
                LOG.log(System.Logger.Level.DEBUG, "token {0} ''{1}'' added to the end-of-generation set", id, texts[id]);
            }
        }
        // gpt-oss / solar-open: <|end|> ends a message, not the generation, when <|return|> and <|call|> exist.
        int end = id("<|end|>");
        boolean call = inSet(eog, "<|call|>") || inSet(eog, "<|calls|>");
        if (end >= 0 && eog.get(end) && call && (inSet(eog, "<|return|>") || inSet(eog, "<|flush|>"))) {
            eog.clear(end);
            types[end] = TokenType.USER_DEFINED;
        }
        // gemma4 / paddleocr: </s> is not end-of-generation when <|tool_response> is.
        int s = id("</s>");
        if (s >= 0 && eog.get(s) && inSet(eog, "<|tool_response>")) {
            eog.clear(s);
            types[s] = TokenType.NORMAL;
        }
        return eog;
    }

    private boolean inSet(BitSet set, String text) {
        int id = id(text);
        return id >= 0 && set.get(id);
    }

    /** A special id from its key, else the lowest-id token with one of the texts (made a control token), else -1. */
    private int detect(GgufMetadata md, String key, List<String> candidates, int n) {
        int id = specialId(md, key, -1, n);
        if (id >= 0) {
            return id;
        }
        int best = -1;
        for (String t : candidates) {
            int c = id(t);
            if (c >= 0 && (best < 0 || c < best)) {
                best = c;
            }
        }
        if (best >= 0) {
            makeControl(best);
        }
        return best;
    }

    private void makeControl(int id) {
        if (types[id] != TokenType.CONTROL) {
            LOG.log(System.Logger.Level.WARNING, "control-looking token {0} ''{1}'' was {2}; treated as control, as "
                    + "llama.cpp does", id, texts[id], types[id]);
            types[id] = TokenType.CONTROL;
        }
    }

    private int[] specialTokens() {
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            if (types[i].isSpecial()) {
                found.add(new int[] {i, Codepoints.utf8Length(texts[i])});
            }
        }
        // llama.cpp sorts by text length, longest first, so that a special token is never cut by a shorter one.
        found.sort((a, b) -> a[1] != b[1] ? Integer.compare(b[1], a[1]) : Integer.compare(a[0], b[0]));
        return found.stream().mapToInt(a -> a[0]).toArray();
    }

    private static Map<String, Integer> mergeRanks(GgufMetadata md) {
        String[] merges = stringArray(md, KEY_MERGES).orElseThrow(() -> new TokenizerException(
                "BPE tokenizer without merges: " + KEY_MERGES + " is missing"));
        if (merges.length > 1 << 24) {
            // ranks are queued as floats (BigramQueue), exact up to 2^24
            throw new TokenizerException(KEY_MERGES + ": " + merges.length + " merges, more than the 2^24 Chord supports");
        }
        Map<String, Integer> ranks = HashMap.newHashMap(merges.length);
        for (int i = 0; i < merges.length; i++) {
            // llama.cpp splits a merge at its first space after the first byte; byte-level symbols hold no spaces,
            // so "left right" as written is the lookup key. The first occurrence of a pair keeps its rank.
            if (merges[i].indexOf(' ', 1) < 0) {
                continue;
            }
            ranks.putIfAbsent(merges[i], i);
        }
        return ranks;
    }

    private static String describe(GgufValue v) {
        return v.type() == GgufValueType.ARRAY ? "an array of " + v.asArray().elementType() : v.type().toString();
    }
}
