package dev.chord.harness.tokenizer;

/**
 * Byte-level BPE tokenizer ({@code tokenizer.ggml.model = gpt2}), llama.cpp's {@code llm_tokenizer_bpe}: the
 * pre-tokenizer splits text into words, each word's UTF-8 bytes are spelled in GPT-2's byte alphabet
 * ({@link ByteLevelEncoding}), and within a word the adjacent pair with the lowest merge rank
 * ({@code tokenizer.ggml.merges} order) is merged until no pair has a rank (ties: the leftmost pair). With
 * Llama 3's pre-tokenizer a word that is already a token is emitted whole. A final piece that is not a token is
 * written as its single-byte tokens.
 */
final class ByteLevelBpeTokenizer extends VocabularyTokenizer {

    ByteLevelBpeTokenizer(Vocabulary vocab) {
        super(vocab);
    }

    @Override
    void encodeText(String text, boolean afterSpecial, IntList out) {
        for (String word : vocab.pre.split(text)) {
            encodeWord(ByteLevelEncoding.encode(word), out);
        }
    }

    private void encodeWord(String word, IntList out) {
        if (vocab.pre.ignoreMerges()) {
            int id = vocab.id(word);
            if (id >= 0) {
                out.add(id);
                return;
            }
        }
        // Byte-level characters are all in the BMP: one char per symbol.
        int n = word.length();
        if (n == 0) {
            return;
        }
        int[] len = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            len[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Lowest rank first (queued as priority -rank, exact in a float below 2^24); equal ranks: leftmost first
        // (llama-vocab.cpp llm_bigram_bpe::comparator).
        BigramQueue queue = new BigramQueue();
        for (int i = 1; i < n; i++) {
            offer(queue, word, len, i - 1, i);
        }
        while (!queue.isEmpty()) {
            queue.poll();
            int l = queue.left();
            int r = queue.right();
            if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != queue.size()) {
                continue; // outdated: one side has been merged since
            }
            len[l] += len[r];
            len[r] = 0;
            next[l] = next[r];
            if (next[r] >= 0) {
                prev[next[r]] = l;
            }
            offer(queue, word, len, prev[l], l);
            offer(queue, word, len, l, next[l]);
        }
        // Symbols are contiguous: symbol i starts at char i.
        for (int i = 0; i != -1; i = next[i]) {
            String piece = word.substring(i, i + len[i]);
            int id = vocab.id(piece);
            if (id >= 0) {
                out.add(id);
                continue;
            }
            // llama.cpp looks each byte of the piece's UTF-8 up as a one-byte token and drops the misses; only
            // ASCII characters can be one-byte tokens.
            for (int k = 0; k < piece.length(); k++) {
                char c = piece.charAt(k);
                int single = c < 0x80 ? vocab.id(String.valueOf(c)) : -1;
                if (single >= 0) {
                    out.add(single);
                }
            }
        }
    }

    private void offer(BigramQueue queue, String word, int[] len, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        String pair = word.substring(left, left + len[left]) + ' ' + word.substring(right, right + len[right]);
        Integer rank = vocab.mergeRanks.get(pair);
        if (rank != null) {
            queue.add(-(float) rank, left, right, len[left] + len[right]);
        }
    }

    @Override
    byte[] normalPiece(String text) {
        return ByteLevelEncoding.decode(text);
    }
}
