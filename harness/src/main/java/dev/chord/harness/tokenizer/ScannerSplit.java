package dev.chord.harness.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Runs a hand-written regex scanner as a split: the match at the start, then the match after it, to the end. */
final class ScannerSplit {
    private ScannerSplit() {
    }

    /** The scanner: end (exclusive) of the match that starts at {@code pos}, always past {@code pos}. */
    @FunctionalInterface
    interface MatchEnd {
        int at(int[] codePoints, int pos);
    }

    static List<String> split(String text, MatchEnd scanner) {
        int[] cp = text.codePoints().toArray();
        List<String> words = new ArrayList<>();
        for (int pos = 0; pos < cp.length; ) {
            int end = scanner.at(cp, pos);
            words.add(new String(cp, pos, end - pos));
            pos = end;
        }
        return words;
    }
}
