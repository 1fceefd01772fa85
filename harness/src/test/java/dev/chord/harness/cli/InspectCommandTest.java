package dev.chord.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chord.api.testing.Fixtures;
import dev.chord.harness.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {

    @Test
    void jsonHasMetadataAndTensorsAsDocumented() throws Exception {
        Path model = Fixtures.models().resolve("tiny-llama-spm-Q4_K_M.gguf");
        CliRun r = CliRun.of("inspect", model.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode root = Json.MAPPER.readTree(r.out());
        assertEquals(3, root.get("version").asInt());
        assertEquals("llama", root.get("metadata").get("general.architecture").get("value").asText());
        JsonNode tokens = root.get("metadata").get("tokenizer.ggml.tokens");
        assertEquals("STRING", tokens.get("element_type").asText());
        assertEquals(32000, tokens.get("length").asInt());
        assertEquals(8, tokens.get("values").size());
        assertTrue(tokens.get("truncated").asBoolean());
        assertEquals(39, root.get("tensors").size());
        JsonNode emb = null;
        for (JsonNode t : root.get("tensors")) {
            if (t.get("name").asText().equals("token_embd.weight")) {
                emb = t;
            }
        }
        assertEquals("q4_K", emb.get("type").asText());
        assertEquals(256, emb.get("shape").get(0).asInt());
        assertEquals(32000, emb.get("shape").get(1).asInt());
        assertEquals(39, root.get("totals").get("tensor_count").asInt());
    }

    @Test
    void textListsTensorsAndTotals() {
        CliRun r = CliRun.of("inspect", Fixtures.quant("q6_K").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("quantized      q6_K"), r.out());
        assertTrue(r.out().contains("totals: 6 tensors"), r.out());
    }

    @Test
    void malformedFileIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.gguf");
        byte[] b = Files.readAllBytes(Fixtures.quant("q8_0"));
        b[4] = 9; // version 9
        Files.write(bad, b);
        CliRun r = CliRun.of("inspect", bad.toString());
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad.gguf: at offset 4: unsupported GGUF version 9: expected 2 or 3"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void missingFileIsOneLine() {
        CliRun r = CliRun.of("inspect", "/nonexistent/model.gguf");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no such file: /nonexistent/model.gguf"), r.err());
    }
}
