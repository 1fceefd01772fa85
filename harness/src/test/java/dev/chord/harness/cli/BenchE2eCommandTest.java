package dev.chord.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chord.api.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench e2e} on a fixture model: llama-bench's test names and fields, with and without a depth. */
class BenchE2eCommandTest {

    private final String model = Fixtures.models().resolve("tiny-llama-spm-Q8_0.gguf").toString();

    @Test
    void aDepthFillsTheCacheFirstAndNamesTheTestsAsLlamaBenchDoes() throws Exception {
        CliRun r = CliRun.of("bench", "e2e", model, "--prompt-tokens", "4", "--gen-tokens", "3", "--depth", "70",
                "--reps", "2", "--warmup", "0", "--json");
        assertEquals(0, r.status(), r.toString());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("pp4 @ d70", o.get("tests").get(0).get("test").asText(), r.out());
        assertEquals("tg3 @ d70", o.get("tests").get(1).get("test").asText(), r.out());
        assertEquals(70, o.get("tests").get(1).get("depth").asInt());
        assertEquals(2, o.get("tests").get(1).get("samples").size());
        assertTrue(o.get("decode_tok_per_s").asDouble() > 0, r.out());
    }

    @Test
    void withoutADepthTheTestsStartAtPositionZero() throws Exception {
        CliRun r = CliRun.of("bench", "e2e", model, "--prompt-tokens", "4", "--gen-tokens", "3", "--reps", "1",
                "--warmup", "0", "--json");
        assertEquals(0, r.status(), r.toString());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("pp4", o.get("tests").get(0).get("test").asText());
        assertEquals("tg3", o.get("tests").get(1).get("test").asText());
    }

    @Test
    void aDepthBeyondTheContextIsRejectedWithTheSizes() {
        CliRun r = CliRun.of("bench", "e2e", model, "--prompt-tokens", "4", "--gen-tokens", "3", "--depth", "200",
                "--ctx", "128", "--reps", "1");
        assertNotEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("depth of 200") && r.err().contains("context of 128"), r.toString());
        CliRun negative = CliRun.of("bench", "e2e", model, "--depth", "-1", "--reps", "1");
        assertNotEquals(0, negative.status(), negative.toString());
        assertTrue(negative.err().contains("depth -1"), negative.toString());
    }
}
