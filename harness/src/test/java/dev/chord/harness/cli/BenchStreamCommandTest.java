package dev.chord.harness.cli;

import dev.chord.api.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench stream} on a fixture model: every live policy runs, the ceiling and the speedup line print. */
class BenchStreamCommandTest {

    @Test
    void allPoliciesRunLiveAndTheSummaryPrints() {
        String model = Fixtures.models().resolve("tiny-llama-spm-Q8_0.gguf").toString();
        CliRun r = CliRun.of("bench", "stream", model, "--budgets", "50%", "--policies", "all", "--prefetch", "none,next-k",
                "--gen-tokens", "2", "--reps", "1");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("(all in RAM: the ceiling)"), r.toString());
        for (String p : new String[] {"basic.Lru", "basic.Mru", "modern.S3Fifo", "adaptive.Arc", "cost.Gdsf", "opt.Schedule"}) {
            assertTrue(r.out().contains(p), p + " missing: " + r);
        }
        // needs the future: not a live policy, so 'all' leaves it out instead of failing the run
        assertFalse(r.out().contains("opt.Belady"), r.toString());
        assertTrue(r.out().matches("(?s).*budget 50%: best prefetch \\(.+\\) [0-9.]+ tok/s vs best without [0-9.]+: [0-9.]+x.*"), r.toString());
    }

    @Test
    void aNamedPolicyThatCannotRunLiveIsSkippedWithTheReason() {
        String model = Fixtures.models().resolve("tiny-llama-spm-Q8_0.gguf").toString();
        CliRun r = CliRun.of("bench", "stream", model, "--budgets", "50%", "--policies", "opt.Belady", "--prefetch", "none",
                "--gen-tokens", "2", "--reps", "1", "--no-baseline");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("skipped") && r.out().contains("needs the future"), r.toString());
    }
}
