package dev.chord.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chord.harness.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheSimCommandTest {

    @TempDir
    Path dir;

    /** Runs the CLI, returning stdout; stderr goes to {@code err}. */
    private static String run(StringWriter err, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var cl = ChordCommand.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int rc = cl.execute(args);
            if (err.toString().isEmpty()) {
                assertEquals(0, rc);
            }
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasOneRowPerCellWithTheDocumentedFields() throws Exception {
        // A decode trace of 5 layers x 4 tokens, 1000 bytes each, as CSV.
        StringBuilder csv = new StringBuilder("time_ns,obj_id,obj_size\n");
        for (int t = 0; t < 4; t++) {
            for (int l = 0; l < 5; l++) {
                csv.append(0).append(',').append(l).append(",1000\n");
            }
        }
        Path trace = Files.writeString(dir.resolve("decode.csv"), csv);
        StringWriter err = new StringWriter();
        String out = run(err, "cache-sim", trace.toString(), "--budgets", "60%", "--policies", "basic.Lru,basic.Mru",
                "--prefetch", "none,next-k:1", "--json");
        assertEquals("", err.toString());
        JsonNode root = Json.MAPPER.readTree(out);
        JsonNode rows = root.get("rows");
        assertEquals(4, rows.size());
        for (JsonNode r : rows) {
            for (String f : new String[] {"policy", "prefetch", "budget", "hit_ratio", "byte_hit_ratio",
                    "bytes_loaded_per_token", "stall_ms_per_token", "tokens_per_s"}) {
                assertTrue(r.has(f), f + " missing in " + r);
            }
        }
        // 60% of 5 layers = 3 slots. LRU on the loop never hits; MRU hits (C-1)*floor((R-C)/(N-1))
        // + max(0, (R-C) mod (N-1) - (N-C)) = 2*4 + max(0, 1-2) = 8 of R = 20.
        for (JsonNode r : rows) {
            if (r.get("prefetch").asText().equals("none")) {
                double expected = r.get("policy").asText().equals("basic.Lru") ? 0 : 8 / 20.0;
                assertEquals(expected, r.get("hit_ratio").asDouble(), 1e-12, r.toString());
                assertTrue(r.get("prefetch_accuracy").isNull());
            }
        }
        assertEquals(5000.0, root.get("baselines").get("no_cache").get("bytes_loaded_per_token").asDouble());
        assertTrue(root.get("workload").asText().contains("repeated order of 5"));
    }

    @Test
    void badSpecsAreOneLineErrors() throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), "0,1,10\n0,2,10\n");
        StringWriter err = new StringWriter();
        run(err, "cache-sim", trace.toString(), "--budgets", "120%");
        assertEquals("chord cache-sim: --budgets 120%: expected 1..100% or a byte count like 512M", err.toString().strip());
    }
}
