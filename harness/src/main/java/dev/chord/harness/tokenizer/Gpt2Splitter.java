package dev.chord.harness.tokenizer;

import java.util.List;

/**
 * GPT-2's pre-tokenizer, a scanner with the semantics of the regex
 * <pre>
 * 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * </pre>
 * applied as a split (llama.cpp: unicode.cpp {@code unicode_regex_split_custom_gpt2}). Contractions are
 * case-sensitive here, unlike Llama 3's.
 */
final class Gpt2Splitter {
    private Gpt2Splitter() {
    }

    static List<String> split(String text) {
        return ScannerSplit.split(text, Gpt2Splitter::matchEnd);
    }

    static int matchEnd(int[] cp, int pos) {
        int n = cp.length;
        int c = cp[pos];
        if (c == '\'' && pos + 1 < n) {
            int c1 = cp[pos + 1];
            if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
                return pos + 2;
            }
            if (pos + 2 < n) {
                int c2 = cp[pos + 2];
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
                    return pos + 3;
                }
            }
        }
        int p = c == ' ' ? pos + 1 : pos;
        if (p < n) {
            int first = cp[p];
            if (Codepoints.isLetter(first)) {
                return runEnd(cp, p + 1, Codepoints::isLetter);
            }
            if (Codepoints.isNumber(first)) {
                return runEnd(cp, p + 1, Codepoints::isNumber);
            }
            if (Llama3Splitter.isOther(first)) {
                return runEnd(cp, p + 1, Llama3Splitter::isOther);
            }
        }
        int w = pos;
        while (w < n && Codepoints.isWhitespace(cp[w])) {
            w++;
        }
        if (w - pos > 1 && w < n) {
            return w - 1;
        }
        return w > pos ? w : pos + 1;
    }

    private static int runEnd(int[] cp, int p, java.util.function.IntPredicate in) {
        while (p < cp.length && in.test(cp[p])) {
            p++;
        }
        return p;
    }
}
