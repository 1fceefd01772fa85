package dev.chord.harness.tokenizer;

/**
 * SentencePiece-style tokenizer ({@code tokenizer.ggml.model = llama}), llama.cpp's {@code llm_tokenizer_spm}:
 * spaces become {@code ▁} (U+2581), a space is put before text that starts the input or follows a special token
 * ({@code add_space_prefix}), then, starting from single code points, the adjacent pair whose concatenation is the
 * vocabulary entry with the highest score is merged until no pair is in the vocabulary (ties: the leftmost pair).
 * A final piece not in the vocabulary is written as its UTF-8 bytes, {@code <0xNN>} each (byte fallback).
 * A priority queue keeps this O(n log n) in the text length.
 */
final class SentencePieceTokenizer extends VocabularyTokenizer {
    private static final char SPACE_MARK = '\u2581';

    /** Byte-fallback token per byte value, -1 where the vocabulary has none. */
    private final int[] byteTokens = new int[256];

    SentencePieceTokenizer(Vocabulary vocab) {
        super(vocab);
        for (int b = 0; b < 256; b++) {
            // llama-vocab.cpp byte_to_token: "<0xNN>" (upper-case hex), else the byte itself as a one-byte string
            int id = vocab.id(String.format("<0x%02X>", b));
            byteTokens[b] = id >= 0 || b >= 0x80 ? id : vocab.id(String.valueOf((char) b));
        }
    }

    @Override
    void encodeText(String fragment, boolean afterSpecial, IntList out) {
        String text = (vocab.addSpacePrefix && afterSpecial ? " " + fragment : fragment).replace(' ', SPACE_MARK);
        if (text.isEmpty()) {
            return;
        }
        // One symbol per code point: start and length in chars, and a doubly linked list of live symbols.
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] len = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, at = 0; i < n; i++) {
            start[i] = at;
            len[i] = Character.charCount(text.codePointAt(at));
            at += len[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Highest score first; equal scores: leftmost first (llama-vocab.cpp llm_bigram_spm::comparator).
        BigramQueue queue = new BigramQueue();
        for (int i = 1; i < n; i++) {
            offer(queue, text, start, len, i - 1, i);
        }
        while (!queue.isEmpty()) {
            queue.poll();
            int l = queue.left();
            int r = queue.right();
            if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != queue.size()) {
                continue; // one side was merged into something else since this pair was queued
            }
            len[l] += len[r];
            len[r] = 0;
            next[l] = next[r];
            if (next[r] >= 0) {
                prev[next[r]] = l;
            }
            offer(queue, text, start, len, prev[l], l);
            offer(queue, text, start, len, l, next[l]);
        }
        // Symbol 0 is never merged away (merges fold the right symbol into the left one).
        for (int i = 0; i != -1; i = next[i]) {
            String piece = text.substring(start[i], start[i] + len[i]);
            int id = vocab.id(piece);
            if (id >= 0) {
                out.add(id);
            } else {
                // Only single code points can miss: every merged piece is a vocabulary entry. So llama.cpp's
                // rev_merge re-segmentation never applies and the bytes go out one by one.
                for (byte u : Codepoints.utf8(piece)) {
                    out.add(byteToken(u & 0xff));
                }
            }
        }
    }

    /** Queues the merge of {@code left} and {@code right} if their concatenation is a token; the size detects staleness. */
    private void offer(BigramQueue queue, String text, int[] start, int[] len, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        int id = vocab.id(text.substring(start[left], start[left] + len[left] + len[right]));
        if (id >= 0) {
            queue.add(vocab.scores[id], left, right, len[left] + len[right]);
        }
    }

    private int byteToken(int b) {
        int id = byteTokens[b];
        if (id < 0) {
            throw new TokenizerException(String.format(
                    "the vocabulary has no byte token <0x%02X> for a character it cannot spell otherwise", b));
        }
        return id;
    }

    @Override
    byte[] normalPiece(String text) {
        return Codepoints.utf8(text.replace(SPACE_MARK, ' '));
    }
}
