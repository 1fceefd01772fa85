package dev.chord.harness.cli;

import dev.chord.gguf.GgufFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chord synth} and {@code chord quantize} on the command line: output, progress, one-line errors. */
class SynthQuantizeCommandTest {

    @TempDir
    Path dir;

    @Test
    void synthThenQuantize() throws Exception {
        Path f32 = dir.resolve("tiny.gguf");
        CliRun s = CliRun.of("synth", f32.toString(), "--preset", "tiny", "--type", "f32", "--seed", "5");
        assertEquals(0, s.status(), s.toString());
        assertTrue(s.out().contains("tiny, F32 (general.file_type 0), 39 tensors"), s.out());
        assertTrue(s.err().contains("[  39/  39]"), "progress lines: " + s.err());

        Path dry = dir.resolve("dry.gguf");
        CliRun d = CliRun.of("quantize", f32.toString(), dry.toString(), "--type", "Q4_0", "--pure", "--dry-run");
        assertEquals(0, d.status(), d.toString());
        assertTrue(d.out().contains("Q4_0 --pure would be 14.01 MiB -> 1.98 MiB") && d.out().contains("nothing written"),
                d.out());
        assertFalse(Files.exists(dry));

        Path q = dir.resolve("tiny-q4.gguf");
        Files.writeString(q, "an old file");
        CliRun r = CliRun.of("quantize", f32.toString(), q.toString(), "--type", "q4_k_m", "--threads", "2");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("Q4_K_M (general.file_type 15), 39 tensors"), r.out());
        assertTrue(r.err().contains("f32   -> q6_K"), "output.weight gets Q6_K: " + r.err());
        try (GgufFile f = GgufFile.open(q)) {
            assertEquals(15, f.metadata().getUInt32("general.file_type"));
        }
        assertFalse(Files.exists(dir.resolve("tiny-q4.gguf.part")));
    }

    @Test
    void listsPresetsWithSizes() {
        CliRun r = CliRun.of("synth", "--list");
        assertEquals(0, r.status(), r.toString());
        for (String p : new String[]{"tiny", "smollm2-135m", "tinyllama-1.1b", "llama-3.2-1b", "llama-2-7b"}) {
            assertTrue(r.out().contains(p), p + " in " + r.out());
        }
        assertTrue(r.out().contains("6738.4M"), "llama-2-7b's parameter count: " + r.out());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        CliRun preset = CliRun.of("synth", dir.resolve("x.gguf").toString(), "--preset", "gpt-5");
        assertEquals(1, preset.status());
        assertEquals("chord synth: unknown preset 'gpt-5'; valid: tiny, smollm2-135m, tinyllama-1.1b, llama-3.2-1b, "
                + "llama-2-7b", preset.err().strip());

        CliRun type = CliRun.of("synth", dir.resolve("x.gguf").toString(), "--preset", "tiny", "--type", "q9_k");
        assertEquals(1, type.status());
        assertTrue(type.err().startsWith("chord synth: unknown type 'q9_k'; valid: F32, F16, Q4_0"), type.err());
        assertEquals(1, type.err().strip().lines().count());

        Path notGguf = dir.resolve("notes.txt");
        Files.writeString(notGguf, "not a model at all, just some text that is long enough");
        CliRun in = CliRun.of("quantize", notGguf.toString(), dir.resolve("y.gguf").toString(), "--type", "Q4_0");
        assertEquals(1, in.status());
        assertTrue(in.err().startsWith("chord quantize: ") && in.err().contains("notes.txt"), in.err());
        assertEquals(1, in.err().strip().lines().count(), in.err());
        assertFalse(Files.exists(dir.resolve("y.gguf")));

        CliRun qtype = CliRun.of("quantize", notGguf.toString(), dir.resolve("y.gguf").toString(), "--type", "Q8_1");
        assertTrue(qtype.err().contains("unknown type 'Q8_1'; valid:"), qtype.err());
    }
}
