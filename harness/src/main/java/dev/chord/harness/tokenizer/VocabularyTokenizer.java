package dev.chord.harness.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What SentencePiece and BPE tokenizers share: special-token splitting, BOS/EOS, pieces and detokenizing
 * (llama-vocab.cpp {@code tokenize}, {@code token_to_piece}, {@code detokenize}). Subclasses tokenize one run of
 * plain text.
 */
abstract sealed class VocabularyTokenizer implements Tokenizer permits SentencePieceTokenizer, ByteLevelBpeTokenizer {
    final Vocabulary vocab;
    /** Every token's bytes, computed once (llama.cpp's token-to-piece cache). */
    private final byte[][] pieces;

    VocabularyTokenizer(Vocabulary vocab) {
        this.vocab = vocab;
        this.pieces = new byte[vocab.size()][];
        for (int id = 0; id < pieces.length; id++) {
            pieces[id] = piece(id);
        }
    }

    /** Tokens of one run of text that holds no special token; {@code afterSpecial} is true at the start too. */
    abstract void encodeText(String text, boolean afterSpecial, IntList out);

    /** The bytes of a normal token's text. */
    abstract byte[] normalPiece(String text);

    @Override
    public final int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList();
        if (addSpecial && vocab.addBos) {
            out.add(vocab.bos);
        }
        boolean afterSpecial = true;
        for (Object fragment : splitSpecial(Codepoints.withoutLoneSurrogates(text), parseSpecial)) {
            if (fragment instanceof String s) {
                encodeText(s, afterSpecial, out);
                afterSpecial = false;
            } else {
                out.add((Integer) fragment);
                afterSpecial = true;
            }
        }
        if (addSpecial && vocab.addEos) {
            out.add(vocab.eos);
        }
        return out.toArray();
    }

    /**
     * The text cut into runs of plain text (String) and special tokens found in it (Integer ids), as llama.cpp's
     * {@code tokenizer_st_partition}: each special token in turn, longest first, is looked for in the runs left
     * by the previous ones. Control and unknown tokens only when {@code parseSpecial}; user-defined ones always.
     */
    final List<Object> splitSpecial(String text, boolean parseSpecial) {
        List<Object> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(text);
        for (int id : vocab.specialTokens) {
            TokenType type = vocab.types[id];
            if (!parseSpecial && (type == TokenType.CONTROL || type == TokenType.UNKNOWN)) {
                continue;
            }
            String special = vocab.texts[id];
            List<Object> next = null;
            for (int f = 0; f < fragments.size(); f++) {
                Object fragment = fragments.get(f);
                int at = fragment instanceof String s ? s.indexOf(special) : -1;
                if (at < 0) {
                    if (next != null) {
                        next.add(fragment);
                    }
                    continue;
                }
                if (next == null) {
                    next = new ArrayList<>(fragments.subList(0, f));
                }
                String s = (String) fragment;
                int from = 0;
                while (at >= 0) {
                    if (at > from) {
                        next.add(s.substring(from, at));
                    }
                    next.add(id);
                    from = at + special.length();
                    at = s.indexOf(special, from);
                }
                if (from < s.length()) {
                    next.add(s.substring(from));
                }
            }
            if (next != null) {
                fragments = next;
            }
        }
        return fragments;
    }

    private byte[] piece(int id) {
        String text = vocab.texts[id];
        return switch (vocab.types[id]) {
            case CONTROL, UNKNOWN, USER_DEFINED -> Codepoints.utf8(text);
            case NORMAL -> normalPiece(text);
            case BYTE -> new byte[] {(byte) byteValue(id, text)};
            case UNUSED, UNDEFINED -> new byte[0];
        };
    }

    private static int byteValue(int id, String text) {
        // layout: a byte token is spelled <0xNN> (llama-vocab.cpp token_to_byte reads the two hex digits at 3..4)
        if (text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            try {
                return Integer.parseInt(text.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new TokenizerException("token " + id + " has type BYTE but its text '" + text + "' is not <0xNN>");
    }

    @Override
    public final byte[] tokenBytes(int id) {
        return pieces[checkId(id)].clone();
    }

    @Override
    public final String decode(int[] ids) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        boolean removeSpace = vocab.addSpacePrefix;
        for (int id : ids) {
            byte[] p = pieces[checkId(id)];
            int skip = removeSpace && p.length > 0 && p[0] == ' ' ? 1 : 0;
            buf.write(p, skip, p.length - skip);
            removeSpace = false;
        }
        byte[] text = buf.toByteArray();
        int n = vocab.cleanSpaces ? cleanSpaces(text) : text.length;
        return new String(text, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * llama.cpp's clean_spaces passes over detokenized bytes, in place; returns the new length. Source:
     * llama-vocab.cpp {@code detokenize}: drop the space in " ?", " !", " .", " ,"; turn " ' " into "'"; drop the
     * space in " 's", " 'm", " 're", " 've".
     */
    static int cleanSpaces(byte[] t) {
        int total = t.length;
        int n1 = total;
        total = n1 > 0 ? 1 : 0;
        for (int i = 1; i < n1; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
                total--;
            }
            t[total++] = x;
        }
        int n2 = total;
        total = n2 > 0 ? 1 : 0;
        for (int i = 1; i < n2; i++) {
            byte x = t[i];
            if (x == '\'' && i + 1 < n2 && t[i - 1] == ' ' && t[i + 1] == ' ') {
                total--;
                t[++i] = 0; // the space after it is skipped; the 0 is what a later look-back sees
            }
            t[total++] = x;
        }
        int n3 = total;
        total = n3 > 0 ? 1 : 0;
        for (int i = 1; i < n3; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && x == '\'' && i + 1 < n3) {
                byte x1 = t[i + 1];
                if (x1 == 's' || x1 == 'm') {
                    total--;
                } else if (x1 != 't' && x1 != 'd' && i + 2 < n3) {
                    byte x2 = t[i + 2];
                    if ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e')) {
                        total--;
                    }
                }
            }
            t[total++] = x;
        }
        return total;
    }

    private int checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + pieces.length
                    + " tokens");
        }
        return id;
    }

    @Override
    public final int vocabSize() {
        return vocab.size();
    }

    @Override
    public final int bosId() {
        return vocab.bos;
    }

    @Override
    public final int eosId() {
        return vocab.eos;
    }

    @Override
    public final boolean addsBos() {
        return vocab.addBos;
    }

    @Override
    public final boolean isEndOfGeneration(int id) {
        return id >= 0 && vocab.endOfGeneration.get(id);
    }

    @Override
    public final TokenType tokenType(int id) {
        return vocab.types[checkId(id)];
    }

    @Override
    public final String tokenText(int id) {
        return vocab.texts[checkId(id)];
    }

    @Override
    public final String describe() {
        StringBuilder sb = new StringBuilder(vocab.model.description).append(" (").append(Vocabulary.KEY_MODEL)
                .append(" = ").append(vocab.model.ggufName);
        if (vocab.pre != null) {
            sb.append(", pre-tokenizer ").append(vocab.pre.name().toLowerCase(java.util.Locale.ROOT));
        }
        sb.append("), ").append(vocab.size()).append(" tokens");
        if (vocab.bos >= 0) {
            sb.append(", BOS ").append(vocab.bos).append(vocab.addBos ? " (added)" : " (not added)");
        }
        if (vocab.eos >= 0) {
            sb.append(", EOS ").append(vocab.eos);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
