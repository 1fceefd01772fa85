package dev.chord.harness.tokenizer;

import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llm_tokenizer_spm's rules, each on a vocabulary that isolates it, and on Llama 2's vocabulary. */
class SentencePieceTest {

    /** ids: 0 unk, 1 s, 2 /s, 3 ▁, 4 a, 5 b, 6 c, 7 ab, 8 bc, 9 ▁a, 10..13 the bytes of U+1F999. */
    static TinyVocab abc(float abScore, float bcScore) {
        return TinyVocab.spm()
                .token("<unk>", 0, TokenType.UNKNOWN).token("<s>", 0, TokenType.CONTROL).token("</s>", 0, TokenType.CONTROL)
                .token("▁", -1).token("a", -2).token("b", -2).token("c", -2).token("ab", abScore).token("bc", bcScore)
                .token("▁a", -1)
                .token("<0xF0>", 0, TokenType.BYTE).token("<0x9F>", 0, TokenType.BYTE)
                .token("<0xA6>", 0, TokenType.BYTE).token("<0x99>", 0, TokenType.BYTE);
    }

    static Tokenizer noSpacePrefix(TinyVocab v) {
        GgufMetadata md = v.metadata().put("tokenizer.ggml.add_space_prefix", GgufValue.bool(false));
        return Tokenizers.fromGguf(md);
    }

    @Test
    void higherScoreMergesFirst() {
        assertArrayEquals(new int[] {4, 8}, noSpacePrefix(abc(-1f, -0.5f)).encode("abc"), "bc outscores ab");
        assertArrayEquals(new int[] {7, 6}, noSpacePrefix(abc(-0.5f, -1f)).encode("abc"), "ab outscores bc");
    }

    @Test
    void equalScoresMergeTheLeftmostPairFirst() {
        assertArrayEquals(new int[] {7, 6}, noSpacePrefix(abc(-1f, -1f)).encode("abc"));
        assertArrayEquals(new int[] {7, 7, 6}, noSpacePrefix(abc(-1f, -1f)).encode("ababc"));
    }

    @Test
    void piecesMissingFromTheVocabularyFallBackToByteTokens() {
        assertArrayEquals(new int[] {4, 10, 11, 12, 13}, noSpacePrefix(abc(-1f, -1f)).encode("a\uD83E\uDD99"));
        TokenizerException e = assertThrows(TokenizerException.class, () -> noSpacePrefix(abc(-1f, -1f)).encode("é"));
        assertTrue(e.getMessage().contains("<0xC3>"), e.getMessage());
    }

    @Test
    void spacePrefixAndSpaceMarks() {
        Tokenizer t = Tokenizers.fromGguf(abc(-1f, -1f).metadata());
        assertArrayEquals(new int[] {9, 5}, t.encode("ab"), "a space goes before the text: ▁a b");
        assertArrayEquals(new int[] {9, 9}, t.encode("a a"), "▁a ▁a");
        assertArrayEquals(new int[] {1, 9, 5}, t.encode("ab", true, false), "BOS, then the same");
        assertArrayEquals(new int[0], t.encode(""), "empty text gives nothing");
        assertArrayEquals(new int[] {1}, t.encode("", true, false), "empty text with BOS gives BOS");
    }

    @Test
    void textAfterASpecialTokenGetsTheSpacePrefixAgain() {
        Tokenizer t = FixtureTokenizers.spm();
        assertArrayEquals(new int[] {1, 15043}, t.encode("<s>Hello", false, true), "<s> then ▁Hello");
        assertArrayEquals(new int[] {15043, 2, 15043}, t.encode("Hello</s>Hello", false, true));
        int[] plain = t.encode("<s>Hello", false, false);
        for (int id : plain) {
            assertFalse(id == 1 || id == 2, "without special parsing <s> is text: " + java.util.Arrays.toString(plain));
        }
        assertEquals("<s>Hello", t.decode(plain));
    }

    @Test
    void llama2VocabularyFlagsAsLlamaCppLoadsThem() {
        Tokenizer t = FixtureTokenizers.spm();
        assertEquals(32000, t.vocabSize());
        assertEquals(1, t.bosId());
        assertEquals(2, t.eosId());
        assertTrue(t.addsBos());
        assertTrue(t.isEndOfGeneration(2));
        assertFalse(t.isEndOfGeneration(1));
        assertEquals(TokenType.UNKNOWN, t.tokenType(0));
        assertEquals(TokenType.BYTE, t.tokenType(13));
        assertEquals("<0x0A>", t.tokenText(13));
        assertEquals("▁Hello", t.tokenText(15043));
    }
}
