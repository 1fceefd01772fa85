package dev.chord.harness.tokenizer;

import java.util.List;

/**
 * Llama 3's pre-tokenizer, a scanner with the semantics of the regex from its tokenizer.json:
 * <pre>
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 * applied as a split: consecutive leftmost matches, alternatives tried in order. llama.cpp implements the
 * same regex by hand (unicode.cpp {@code unicode_regex_split_custom_llama3}); the character classes are those
 * of {@link Codepoints}. Every code point belongs to one of the alternatives' first classes, so the matches
 * cover the text without gaps.
 */
final class Llama3Splitter {
    private Llama3Splitter() {
    }

    static List<String> split(String text) {
        return ScannerSplit.split(text, Llama3Splitter::matchEnd);
    }

    /** End (exclusive) of the match starting at {@code pos}. */
    static int matchEnd(int[] cp, int pos) {
        int n = cp.length;
        int c = cp[pos];
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (c == '\'' && pos + 1 < n) {
            int c1 = Character.toLowerCase(cp[pos + 1]);
            if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
                return pos + 2;
            }
            if (pos + 2 < n) {
                int c2 = Character.toLowerCase(cp[pos + 2]);
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
                    return pos + 3;
                }
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (c != '\r' && c != '\n' && !Codepoints.isNumber(c)
                && (Codepoints.isLetter(c) || (pos + 1 < n && Codepoints.isLetter(cp[pos + 1])))) {
            int p = pos + 1;
            while (p < n && Codepoints.isLetter(cp[p])) {
                p++;
            }
            return p;
        }
        // \p{N}{1,3}
        if (Codepoints.isNumber(c)) {
            int p = pos + 1;
            while (p < n && p - pos < 3 && Codepoints.isNumber(cp[p])) {
                p++;
            }
            return p;
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        int p = c == ' ' ? pos + 1 : pos;
        if (p < n && isOther(cp[p])) {
            p++;
            while (p < n && isOther(cp[p])) {
                p++;
            }
            while (p < n && (cp[p] == '\r' || cp[p] == '\n')) {
                p++;
            }
            return p;
        }
        // \s*[\r\n]+ : the longest whitespace run that ends in \r or \n
        int w = pos;
        int afterLastNewline = -1;
        while (w < n && Codepoints.isWhitespace(cp[w])) {
            if (cp[w] == '\r' || cp[w] == '\n') {
                afterLastNewline = w + 1;
            }
            w++;
        }
        if (afterLastNewline >= 0) {
            return afterLastNewline;
        }
        // \s+(?!\S) leaves the last space for the word after it; \s+ takes a run that ends the text
        if (w - pos > 1 && w < n) {
            return w - 1;
        }
        return w > pos ? w : pos + 1;
    }

    /** {@code [^\s\p{L}\p{N}]}. */
    static boolean isOther(int cp) {
        return !Codepoints.isWhitespace(cp) && !Codepoints.isLetter(cp) && !Codepoints.isNumber(cp);
    }
}
