package dev.chord.harness.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * The character classes llama.cpp's pre-tokenizers use, and UTF-8 helpers.
 *
 * <p>llama.cpp classifies code points with tables generated from Unicode by its
 * {@code scripts/gen-unicode-data.py}: {@code \p{L}} is general category L (Lu, Ll, Lt, Lm, Lo), {@code \p{N}} is
 * category N (Nd, Nl, No), and {@code \s} is the Unicode {@code White_Space} property (the 25 code points in
 * {@code unicode_set_whitespace} of src/unicode-data.cpp). The categories here come from the JDK's Unicode
 * tables, so a code point assigned in a newer Unicode version than llama.cpp's tables may be classified
 * differently; assigned characters of both versions agree.
 */
final class Codepoints {
    private Codepoints() {
    }

    /** {@code \p{L}}. */
    static boolean isLetter(int cp) {
        return Character.isLetter(cp);
    }

    /** {@code \p{N}}. */
    static boolean isNumber(int cp) {
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** {@code \s}: Unicode White_Space, as in llama.cpp's unicode_set_whitespace. */
    static boolean isWhitespace(int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /**
     * The text with every unpaired surrogate replaced by U+FFFD. llama.cpp reads text as UTF-8 and turns bytes
     * that are not valid UTF-8 into U+FFFD; a Java string cannot hold invalid UTF-8, its only equivalent is an
     * unpaired surrogate, so it gets the same treatment.
     */
    static String withoutLoneSurrogates(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone;
            if (Character.isHighSurrogate(c)) {
                lone = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!lone) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                lone = Character.isLowSurrogate(c);
            }
            if (lone && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(lone ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** UTF-8 bytes of a string without unpaired surrogates. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Number of UTF-8 bytes of a string without unpaired surrogates. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
