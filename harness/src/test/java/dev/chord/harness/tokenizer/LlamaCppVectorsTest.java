package dev.chord.harness.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chord.api.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token ids identical to llama.cpp's: its test vectors for the Llama 2 (SentencePiece) and Llama 3 (BPE)
 * vocabularies, and the prompts of the fixture models as llama.cpp tokenized them when it ran them.
 */
class LlamaCppVectorsTest {

    /** One test string and the ids llama.cpp expects for it. */
    record Case(String text, int[] tokens) {
    }

    /**
     * Reads {@code NAME.inp}/{@code NAME.out} the way llama.cpp's tests/test-tokenizer-0.cpp does: inputs separated
     * by "\n__ggml_vocab_test__\n" (the file ends with one), one line of space-separated ids per input.
     */
    static List<Case> readVocabTests(Path inp, Path out) throws IOException {
        String raw = Files.readString(inp, StandardCharsets.UTF_8);
        String sep = "\n__ggml_vocab_test__\n";
        List<String> inputs = new ArrayList<>();
        for (int pos = 0; pos < raw.length(); ) {
            int next = raw.indexOf(sep, pos);
            if (next < 0) {
                inputs.add(raw.substring(pos));
                break;
            }
            inputs.add(raw.substring(pos, next));
            pos = next + sep.length();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(inputs.size(), lines.size(), inp + " and " + out + " hold different numbers of tests");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            cases.add(new Case(inputs.get(i), ids(lines.get(i))));
        }
        return cases;
    }

    static int[] ids(String line) {
        String s = line.strip();
        return s.isEmpty() ? new int[0] : Arrays.stream(s.split(" +")).mapToInt(Integer::parseInt).toArray();
    }

    static List<Case> spmCases() throws IOException {
        Path dir = Fixtures.vocab();
        return readVocabTests(dir.resolve("ggml-vocab-llama-spm.gguf.inp"), dir.resolve("ggml-vocab-llama-spm.gguf.out"));
    }

    static List<Case> bpeCases() throws IOException {
        try (InputStream in = LlamaCppVectorsTest.class.getResourceAsStream("llama-bpe-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                int[] t = new int[c.get("tokens").size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = c.get("tokens").get(i).asInt();
                }
                cases.add(new Case(c.get("text").asText(), t));
            }
            return cases;
        }
    }

    @TestFactory
    Stream<DynamicTest> llamaSpmVocabularyVectors() throws IOException {
        List<Case> cases = spmCases();
        assertEquals(46, cases.size(), "test count of the fixture .inp/.out");
        return vectorTests(cases, FixtureTokenizers.spm());
    }

    @TestFactory
    Stream<DynamicTest> llamaBpeVocabularyVectors() throws IOException {
        List<Case> cases = bpeCases();
        assertEquals(44, cases.size(), "test count of llama.cpp's ggml-vocab-llama-bpe vectors");
        return vectorTests(cases, FixtureTokenizers.bpe());
    }

    /** One test per case, with test-tokenizer-0's flags: add_special=false, parse_special=false. */
    private static Stream<DynamicTest> vectorTests(List<Case> cases, Tokenizer tok) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(label(c.text), () ->
                assertArrayEquals(c.tokens, tok.encode(c.text, false, false), "llama.cpp ids for " + label(c.text))));
    }

    @TestFactory
    Stream<DynamicTest> fixtureModelPromptsAsLlamaCppTokenizedThem() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String model : List.of("tiny-llama-spm-Q8_0.gguf", "tiny-llama-spm-Q4_K_M.gguf", "tiny-llama-bpe-Q4_K_M.gguf")) {
            Path gguf = Fixtures.models().resolve(model);
            List<String> lines = Files.readAllLines(Fixtures.models().resolve(model + ".reference.jsonl"));
            assertTrue(lines.size() >= 3, model + ".reference.jsonl has " + lines.size() + " prompts");
            for (String line : lines) {
                JsonNode ref = json.readTree(line);
                String prompt = ref.get("prompt").asText();
                int[] want = new int[ref.get("tokens").size()];
                for (int i = 0; i < want.length; i++) {
                    want[i] = ref.get("tokens").get(i).asInt();
                }
                tests.add(DynamicTest.dynamicTest(model + ": " + label(prompt), () -> {
                    Tokenizer tok = FixtureTokenizers.load(gguf);
                    assertArrayEquals(want, tok.encode(prompt, true, false), "BOS first, as llama.cpp's add_special");
                    assertArrayEquals(want, tok.encode(prompt, true, true), "no special tokens in the prompt");
                    assertEquals(want[0], tok.bosId());
                }));
            }
        }
        return tests.stream();
    }

    /** A test string for messages: invisible characters as escapes, long strings cut. */
    static String label(String s) {
        StringBuilder e = new StringBuilder();
        s.codePoints().limit(40).forEach(cp -> {
            int type = Character.getType(cp);
            if (cp == '\n') {
                e.append("\\n");
            } else if (cp == '\t') {
                e.append("\\t");
            } else if (cp != ' ' && (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL
                    || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.NON_SPACING_MARK)) {
                e.append(String.format("\\u%04X", cp));
            } else {
                e.appendCodePoint(cp);
            }
        });
        return "\"" + e + (s.codePointCount(0, s.length()) > 40 ? "..." : "") + "\"";
    }
}
