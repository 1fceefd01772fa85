package dev.chord.harness.tokenizer;

import dev.chord.gguf.GgufArray;
import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the tokenizer from metadata, and the clear errors for metadata Chord cannot use. */
class TokenizersTest {

    static String error(GgufMetadata md) {
        return assertThrows(TokenizerException.class, () -> Tokenizers.fromGguf(md)).getMessage();
    }

    /** ids: 0 a, 1 b, 2 c, 3 Ġ, 4 !, 5 ab, 6 Ġa, 7 <|eot|>; merge ranks in the order given. */
    static TinyVocab bytesAndWords(String... merges) {
        TinyVocab v = TinyVocab.bpe();
        for (char c : "abcĠ!".toCharArray()) {
            v.token(String.valueOf(c), 0);
        }
        v.token("ab", 0).token("Ġa", 0).token("<|eot|>", 0, TokenType.CONTROL);
        for (String m : merges.length == 0 ? new String[] {"a b", "Ġ a"} : merges) {
            v.merge(m);
        }
        return v;
    }

    static void assertMentions(String message, String part) {
        assertTrue(message.contains(part), () -> "message \"" + message + "\" should mention \"" + part + "\"");
    }

    @Test
    void unsupportedTokenizerModelIsNamedWithWhatIsSupported() {
        String msg = error(TinyVocab.spm().token("a", 0).metadata().put("tokenizer.ggml.model", GgufValue.string("bert")));
        assertTrue(msg.contains("tokenizer.ggml.model = 'bert'") && msg.contains("llama") && msg.contains("gpt2"), msg);
    }

    @Test
    void unknownPreTokenizerIsNamedWithWhatIsSupported() {
        String msg = error(bytesAndWords().metadata().put("tokenizer.ggml.pre", GgufValue.string("qwen2")));
        assertTrue(msg.contains("tokenizer.ggml.pre = 'qwen2'") && msg.contains("llama-bpe") && msg.contains("default"), msg);
    }

    @Test
    void missingPreTokenizerFallsBackToLlamaCppsDefault() {
        Tokenizer t = Tokenizers.fromGguf(bytesAndWords().metadata());
        assertTrue(t.describe().contains("pre-tokenizer default"), t.describe());
        assertFalse(t.addsBos(), "llama.cpp's BPE default does not add BOS");
    }

    @Test
    void missingOrMistypedMetadataIsNamed() {
        assertMentions(error(new GgufMetadata()), "tokenizer.ggml.model is missing");
        assertMentions(error(new GgufMetadata().put("tokenizer.ggml.model", GgufValue.string("llama"))), "tokenizer.ggml.tokens is missing");
        assertMentions(error(TinyVocab.spm().token("a", 0).metadata().put("tokenizer.ggml.model", GgufValue.uint32(1))),
                "tokenizer.ggml.model: expected STRING, found UINT32");
        GgufMetadata noMerges = bytesAndWords().metadata().remove("tokenizer.ggml.merges");
        assertMentions(error(noMerges), "tokenizer.ggml.merges is missing");
        GgufMetadata badScores = TinyVocab.spm().token("a", 0).metadata()
                .put("tokenizer.ggml.scores", GgufValue.array(GgufArray.ofStrings("x")));
        assertMentions(error(badScores), "tokenizer.ggml.scores: expected an array of FLOAT32 or INT32");
        GgufMetadata shortTypes = TinyVocab.spm().token("a", 0).token("b", 0).metadata()
                .put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofInt32(1)));
        assertMentions(error(shortTypes), "1 token types for 2 tokens");
    }

    @Test
    void duplicateTokensAndBadByteTokensAreRejected() {
        assertMentions(error(TinyVocab.spm().token("a", 0).token("a", 0).metadata()), "duplicate token 'a' has ids 0 and 1");
        GgufMetadata badByte = TinyVocab.spm().token("<unk>", 0, TokenType.UNKNOWN).token("<s>", 0, TokenType.CONTROL)
                .token("</s>", 0, TokenType.CONTROL).token("<0xZZ>", 0, TokenType.BYTE).metadata();
        assertMentions(error(badByte), "token 3 has type BYTE but its text '<0xZZ>' is not <0xNN>");
    }

    @Test
    void addingBosNeedsABosToken() {
        // llama.cpp's BPE default BOS is id 11, outside this 8-token vocabulary, so it is disabled.
        GgufMetadata md = bytesAndWords().metadata().put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        assertMentions(error(md), "add_bos_token is true, but tokenizer.ggml.bos_token_id is not set");
    }

    @Test
    void bpeMergesByRankAndMapsSpacesToTheByteAlphabet() {
        GgufValue gpt2 = GgufValue.string("gpt-2");
        Tokenizer abFirst = Tokenizers.fromGguf(bytesAndWords("a b", "Ġ a").metadata().put("tokenizer.ggml.pre", gpt2));
        Tokenizer spaceFirst = Tokenizers.fromGguf(bytesAndWords("Ġ a", "a b").metadata().put("tokenizer.ggml.pre", gpt2));
        assertArrayEquals(new int[] {5, 3, 5}, abFirst.encode("ab ab"), "words ab | Ġab: a+b has the lower rank");
        assertArrayEquals(new int[] {5, 6, 1}, spaceFirst.encode("ab ab"), "words ab | Ġab: Ġ+a has the lower rank");
        assertArrayEquals(new int[] {5, 7}, abFirst.encode("ab<|eot|>", false, true));
        assertEquals("ab ab", abFirst.decode(abFirst.encode("ab ab")));
    }

    @Test
    void controlLookingTokensBecomeControlAndEndGeneration() {
        GgufMetadata md = TinyVocab.spm().token("<unk>", 0, TokenType.UNKNOWN).token("<s>", 0, TokenType.CONTROL)
                .token("</s>", 0, TokenType.CONTROL).token("<|im_end|>", 0).token("<|eom_id|>", 0).metadata();
        Tokenizer t = Tokenizers.fromGguf(md);
        assertEquals(TokenType.CONTROL, t.tokenType(3), "<|im_end|> typed NORMAL in the file");
        assertTrue(t.isEndOfGeneration(2) && t.isEndOfGeneration(3) && t.isEndOfGeneration(4));
        assertFalse(t.isEndOfGeneration(1) || t.isEndOfGeneration(0));
    }

    @Test
    void llama3VocabularyFlagsAsLlamaCppLoadsThem() {
        Tokenizer t = FixtureTokenizers.bpe();
        assertEquals(128256, t.vocabSize());
        assertEquals(128000, t.bosId());
        assertEquals(128001, t.eosId());
        assertTrue(t.addsBos(), "llama-bpe adds BOS although the file has no add_bos_token key");
        assertTrue(t.isEndOfGeneration(128001), "<|end_of_text|>");
        assertTrue(t.isEndOfGeneration(128009), "<|eot_id|>");
        assertFalse(t.isEndOfGeneration(128000) || t.isEndOfGeneration(128008) || t.isEndOfGeneration(9906));
        assertEquals(TokenType.CONTROL, t.tokenType(128006));
        assertEquals("ĠHello", t.tokenText(22691));
    }

    @Test
    void llama3ControlTokensAreParsedOnlyWhenAsked() {
        Tokenizer t = FixtureTokenizers.bpe();
        String text = "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>";
        IntList want = new IntList();
        for (int[] part : new int[][] {{128000, 128006}, t.encode("user"), {128007}, t.encode("\n\nHi"), {128009}}) {
            for (int id : part) {
                want.add(id);
            }
        }
        assertArrayEquals(want.toArray(), t.encode(text, true, true), "text between special tokens tokenized alone");
        int[] plain = t.encode(text, false, false);
        for (int id : plain) {
            assertTrue(id < 128000, "control token " + id + " from unparsed text");
        }
        assertEquals(text, t.decode(plain));
    }
}
