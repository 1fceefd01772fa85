package dev.chord.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufValue;
import dev.chord.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chord tokenize}: JSON shape, llama.cpp's ids through the command line, one-line errors. */
class TokenizeCommandTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = ChordCommand.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String spmVocab() {
        return Fixtures.vocab().resolve("ggml-vocab-llama-spm.gguf").toString();
    }

    @Test
    void textGivesOneArrayOfIds() throws Exception {
        Run r = run("tokenize", spmVocab(), "--text", "Hello world", "--json");
        assertEquals(0, r.status, r.err);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals("[[15043,3186]]", json.toString(), "llama.cpp's ids for \"Hello world\", no BOS by default");
    }

    @Test
    void inputFileGivesOneArrayPerStringWithLlamaCppsReferenceTokens() throws Exception {
        Path model = Fixtures.models().resolve("tiny-llama-bpe-Q4_K_M.gguf");
        ObjectMapper mapper = new ObjectMapper();
        List<String> prompts = new ArrayList<>();
        List<JsonNode> tokens = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.models().resolve("tiny-llama-bpe-Q4_K_M.gguf.reference.jsonl"))) {
            JsonNode ref = mapper.readTree(line);
            prompts.add(ref.get("prompt").asText());
            tokens.add(ref.get("tokens"));
        }
        Path input = Files.createTempFile("prompts", ".json");
        try {
            Files.writeString(input, mapper.writeValueAsString(prompts));
            Run r = run("tokenize", model.toString(), "--input", input.toString(), "--bos", "--json");
            assertEquals(0, r.status, r.err);
            JsonNode out = mapper.readTree(r.out);
            assertEquals(prompts.size(), out.size());
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals(tokens.get(i), out.get(i), "tokens of " + prompts.get(i));
            }
        } finally {
            Files.deleteIfExists(input);
        }
    }

    @Test
    void textOutputListsIdsAndPieces() {
        Run r = run("tokenize", spmVocab(), "--text", "<s>a🦙", "--bos", "--parse-special");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("SentencePiece"), r.out);
        assertTrue(r.out.matches("(?s).*\\n +1 +\"<s>\" +\\(control\\)\\n +1 +\"<s>\" +\\(control\\)\\n.*"), r.out);
        assertTrue(r.out.matches("(?s).*\\n +243 +\"\\\\xF0\" +\\(byte\\)\\n.*"), "a byte token shows its byte: " + r.out);
    }

    @Test
    void badInputFilesGetOneLine(@TempDir Path dir) throws Exception {
        String model = spmVocab();
        assertOneLineError(run("tokenize", model, "--input", write(dir, "obj.json", "{\"a\": 1}")),
                "obj.json: expected a JSON array of strings, found an object");
        assertOneLineError(run("tokenize", model, "--input", write(dir, "num.json", "[\"a\", 3]")),
                "num.json: element 1 is a number, expected a string");
        assertOneLineError(run("tokenize", model, "--input", write(dir, "broken.json", "[\"a\",")),
                "broken.json: not valid JSON");
        assertOneLineError(run("tokenize", model, "--input", write(dir, "empty.json", "")),
                "empty.json: empty file, expected a JSON array of strings");
        assertOneLineError(run("tokenize", model, "--input", dir.resolve("missing.json").toString()),
                "no such file: ");
    }

    @Test
    void modelWithoutTokenizerMetadataGetsOneLine(@TempDir Path dir) throws Exception {
        Path gguf = dir.resolve("no-tokenizer.gguf");
        try (GgufWriter w = GgufWriter.create(gguf)) {
            w.put("general.architecture", GgufValue.string("llama"));
        }
        assertOneLineError(run("tokenize", gguf.toString(), "--text", "hi"),
                "no-tokenizer.gguf: no tokenizer in the metadata: tokenizer.ggml.model is missing");
    }

    @Test
    void textAndInputTogetherAreRefused() {
        Run r = run("tokenize", spmVocab(), "--text", "a", "--input", "x.json");
        assertTrue(r.status != 0 && r.err.contains("mutually exclusive"), r.err);
    }

    static String write(Path dir, String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    static void assertOneLineError(Run r, String expected) {
        assertEquals(1, r.status, r.out + r.err);
        assertTrue(r.err.startsWith("chord tokenize: ") && r.err.contains(expected), r.err);
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
        assertEquals("", r.out);
    }
}
