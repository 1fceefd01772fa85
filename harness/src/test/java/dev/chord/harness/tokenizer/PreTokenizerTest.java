package dev.chord.harness.tokenizer;

import dev.chord.api.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hand-written pre-tokenizer scanners against java.util.regex running the published regexes (Unicode
 * classes: \p{L}, \p{N}, and \s as White_Space, which is what llama.cpp's tables hold), on edge cases and on
 * seeded random strings drawn from characters that sit on the classes' borders.
 */
class PreTokenizerTest {

    /** Llama 3's regex as llama.cpp writes it (the case-insensitive group spelled out, llama-vocab.cpp LLAMA3). */
    static final Pattern LLAMA3 = Pattern.compile(
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    /** GPT-2's regex (unicode.cpp's comment on unicode_regex_split_custom_gpt2). */
    static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** Characters on the borders of the classes: letters of every kind, numbers of every kind, whitespace and look-alikes. */
    static final int[] ALPHABET = ("abzAZ'''   \t\n\r\r\n\u000B\f019"
            + "SsTtRrEeVvMmLlDd" // contraction letters in both cases
            + "\u00A0\u2009\u3000\u0085\u2028\u1680\u202F" // White_Space beyond ASCII
            + "\u001C\u001F\u200B\uFEFF" // Java calls some of these whitespace; Unicode White_Space does not
            + "éßЖ中اǅʰ" + new String(Character.toChars(0x1D49C)) // Ll, Lo, Lt, Lm, supplementary letter
            + "٣Ⅻ½²" + new String(Character.toChars(0x1D7D9)) // Nd, Nl, No, supplementary digit
            + "\u0301\u0903" // combining marks: neither letter nor number
            + ".,!?-()…“€+$^|~<=>_" + new String(Character.toChars(0x1F999)) + "\uFE0F\u200D"
            + "\u0378\u017F\u212A" // unassigned; long s and Kelvin sign (case-fold to s and k, lowercase to themselves)
    ).codePoints().toArray();

    static List<String> regexSplit(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(text.substring(last, m.start()));
            }
            out.add(m.group());
            last = m.end();
        }
        if (last < text.length()) {
            out.add(text.substring(last));
        }
        return out;
    }

    static final List<String> EDGE_CASES = List.of("", " ", "  ", "   x", "'s", "'S", "'Re", "'rE", "'LL", "'ll", "'x",
            "a's", "it'S", "'", "''", "' ", " 'll", "'\n", "don't", "DON'T", "a\nb", "a\r\n\r\nb", " \n ", "\n \n",
            "\t\tx", " \t x", "x   ", "x \u00A0y", "\u00A0\u00A0x", "\u001Cx", "x\u200By", "1234567", "12 345",
            "٣٣٣٣", "Ⅻ½²", "a²", "€100", " !!\n\n", "!!\r\nx", " (", "\n =", "' era", "...\n", " ...x", "a\u0301b",
            "\u0301\u0301", "🦙🦙", " 🦙", "ﬀ", "\u0378x", "'\u017F", "'\u212A", "x\u2028y", "  \u3000\u3000z");

    @Test
    void llama3ScannerMatchesTheRegexOnEdgeCases() {
        for (String s : EDGE_CASES) {
            assertEquals(regexSplit(LLAMA3, s), Llama3Splitter.split(s), () -> "split of " + LlamaCppVectorsTest.label(s));
        }
    }

    @Test
    void gpt2ScannerMatchesTheRegexOnEdgeCases() {
        for (String s : EDGE_CASES) {
            assertEquals(regexSplit(GPT2, s), Gpt2Splitter.split(s), () -> "split of " + LlamaCppVectorsTest.label(s));
        }
    }

    @Test
    void llama3ScannerMatchesTheRegexOnRandomText() {
        checkRandom(0x11A3AL, LLAMA3, Llama3Splitter::split);
    }

    @Test
    void gpt2ScannerMatchesTheRegexOnRandomText() {
        checkRandom(0x69712L, GPT2, Gpt2Splitter::split);
    }

    private static void checkRandom(long defaultSeed, Pattern regex, Function<String, List<String>> scanner) {
        long seed = Seeds.seed(defaultSeed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 3000; i++) {
            int[] cps = new int[rnd.nextInt(0, 25)];
            for (int k = 0; k < cps.length; k++) {
                cps[k] = ALPHABET[rnd.nextInt(ALPHABET.length)];
            }
            if (!agrees(regex, scanner, cps)) {
                int[] small = shrink(regex, scanner, cps);
                String s = new String(small, 0, small.length);
                fail(Seeds.replay(seed) + "case " + i + ", shrunk to " + LlamaCppVectorsTest.label(s) + " "
                        + small.length + " code points: regex " + regexSplit(regex, s) + ", scanner " + scanner.apply(s));
            }
        }
    }

    private static boolean agrees(Pattern regex, Function<String, List<String>> scanner, int[] cps) {
        String s = new String(cps, 0, cps.length);
        return regexSplit(regex, s).equals(scanner.apply(s));
    }

    /** Drops code points one at a time while the disagreement remains. */
    private static int[] shrink(Pattern regex, Function<String, List<String>> scanner, int[] cps) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int k = 0; k < cps.length; k++) {
                int[] shorter = new int[cps.length - 1];
                System.arraycopy(cps, 0, shorter, 0, k);
                System.arraycopy(cps, k + 1, shorter, k, cps.length - k - 1);
                if (!agrees(regex, scanner, shorter)) {
                    cps = shorter;
                    progress = true;
                    break;
                }
            }
        }
        return cps;
    }

    @Test
    void llama3GroupsDigitsByThreeAndKeepsSpacesBeforeWords() {
        assertEquals(List.of("123", "456", "7"), Llama3Splitter.split("1234567"));
        assertEquals(List.of("Hello", ",", " y", "'all", "!"), Llama3Splitter.split("Hello, y'all!"));
        assertEquals(List.of("  ", " Hello"), Llama3Splitter.split("   Hello"));
        assertEquals(List.of("I", "'VE", " been"), Llama3Splitter.split("I'VE been"));
    }

    @Test
    void defaultPreTokenizerAppliesItsFourRegexesInTurn() {
        // [\p{P}$+<=>^~|]+ first, then GPT-2's regex, then \p{N}+, then [0-9]{3}
        assertEquals(List.of("Hello", ",", " world", "!", " ", "123", "456", "7"),
                BpePreTokenizer.DEFAULT.split("Hello, world! 1234567"));
        assertEquals(List.of("don", "'", "t"), BpePreTokenizer.DEFAULT.split("don't"),
                "the apostrophe is punctuation for the first regex, so contractions do not survive");
        assertEquals(List.of("a", "$", "b", "<=>", "c"), BpePreTokenizer.DEFAULT.split("a$b<=>c"));
        assertEquals(List.of("x", "²", " ", "12"), BpePreTokenizer.DEFAULT.split("x² 12"));
        assertEquals(List.of("€", "5"), BpePreTokenizer.DEFAULT.split("€5"), "€ is a symbol, not in the first class");
    }

    @Test
    void gpt2ContractionsAreCaseSensitive() {
        assertEquals(List.of("it", "'s"), Gpt2Splitter.split("it's"));
        assertEquals(List.of("IT", "'", "S"), Gpt2Splitter.split("IT'S"));
    }
}
