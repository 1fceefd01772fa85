package dev.chord.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.Environment;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultSets;
import dev.chord.reports.model.ResultTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chord compare} and {@code chord report} end to end on result files written by the model. */
class ReportAndCompareCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** 5 forks of 10 samples, 2% lognormal fork-to-fork noise and 1% within a fork. */
    private static Benchmark.Builder noisy(Benchmark.Builder b, double value, SplittableRandom rnd) {
        for (int f = 0; f < 5; f++) {
            double level = value * Math.exp(0.02 * rnd.nextGaussian());
            double[] s = new double[10];
            for (int i = 0; i < s.length; i++) {
                s[i] = level * Math.exp(0.01 * rnd.nextGaussian());
            }
            b.fork(s);
        }
        return b;
    }

    private Path results(String name, long seed, double q4Factor, boolean withExtra) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        ResultSet.Builder rs = ResultSet.builder(Environment.unknown().withThreads(1));
        rs.add(noisy(Benchmark.builder("matvec/q4_0/scalar.reference/256x256/t1").suite("kernels").param("format", "q4_0")
                .bytesPerOp(36864).timeUnit("ns/op"), 40000, rnd).build());
        rs.add(noisy(Benchmark.builder("matvec/q4_0/vector.int8/256x256/t1").suite("kernels").param("format", "q4_0")
                .bytesPerOp(36864).timeUnit("ns/op").baseline("matvec/q4_0/scalar.reference/256x256/t1"), 5000 * q4Factor, rnd)
                .build());
        rs.add(noisy(Benchmark.builder("e2e/lru").suite("e2e").rateUnit("tok/s"), 20, rnd).build());
        if (withExtra) {
            rs.add(noisy(Benchmark.builder("e2e/new-policy").suite("e2e").rateUnit("tok/s"), 25, rnd).build());
        }
        rs.add(ResultTable.builder("accuracy").kind("accuracy").column("format").column("rmse")
                .row("format", "q4_0", "rmse", 0.0124).build());
        Path f = dir.resolve(name + ".json");
        ResultSets.write(rs.build(), f);
        return f;
    }

    @Test
    void aaCompareIsNotARegression() throws Exception {
        Path a = results("a", 1, 1.0, false);
        Path b = results("b", 2, 1.0, false);
        assertEquals(0, ChordCommand.execute("compare", a.toString(), b.toString()), err() + out());
        assertTrue(out().lines().noneMatch(l -> l.startsWith("REGRESSED")), out());
        assertTrue(out().contains("REGRESSED/IMPROVED iff p < 0.05"), "the rule is stated: " + out());
    }

    @Test
    void twentyPercentSlowerExitsOne() throws Exception {
        Path a = results("base", 1, 1.0, false);
        Path b = results("slow", 2, 1.2, true);
        assertEquals(1, ChordCommand.execute("compare", a.toString(), b.toString()), err() + out());
        String text = out();
        assertTrue(text.lines().anyMatch(l -> l.startsWith("REGRESSED") && l.contains("matvec/q4_0/vector.int8")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("ONLY_IN_NEW") && l.contains("e2e/new-policy")), text);
    }

    @Test
    void compareJsonIsMachineReadable() throws Exception {
        Path a = results("base", 1, 1.0, false);
        Path b = results("slow", 2, 1.2, false);
        assertEquals(1, ChordCommand.execute("compare", a.toString(), b.toString(), "--json", "--threshold", "0.1"));
        JsonNode j = new ObjectMapper().readTree(out());
        assertEquals("chord.compare/1", j.get("schema").asText());
        assertEquals(0.1, j.get("threshold").asDouble(), 1e-12);
        assertTrue(j.get("regressed").asBoolean());
        JsonNode first = j.get("results").get(1);
        assertEquals("matvec/q4_0/vector.int8/256x256/t1", first.get("id").asText());
        assertEquals("REGRESSED", first.get("verdict").asText());
        assertTrue(first.get("ci_low").asDouble() > 1.1 && first.get("p_value").asDouble() < 0.05, first.toString());
        assertEquals(5, first.get("base").get("forks").asInt());
    }

    @Test
    void badInputIsOneLineNamingFileAndField() throws Exception {
        Path a = results("a", 1, 1.0, false);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schema\": \"chord.results/1\", \"environment\": {}, \"benchmarks\": [{\"id\": 3}]}");
        assertEquals(1, ChordCommand.execute("compare", a.toString(), bad.toString()));
        assertEquals("chord compare: " + bad + ": benchmarks[0].id: expected a non-empty string, got the number 3",
                err().strip());
        err.reset();
        Path notJson = dir.resolve("notes.txt");
        Files.writeString(notJson, "hello");
        assertEquals(1, ChordCommand.execute("report", notJson.toString(), "--out", dir.resolve("r").toString()));
        assertTrue(err().strip().startsWith("chord report: " + notJson + ": not JSON"), err());
        assertEquals(1, err().strip().lines().count(), err());
        err.reset();
        assertEquals(1, ChordCommand.execute("compare", a.toString(), dir.resolve("missing.json").toString()));
        assertEquals("chord compare: no such file: " + dir.resolve("missing.json"), err().strip());
        err.reset();
        assertEquals(1, ChordCommand.execute("compare", a.toString(), a.toString(), "--threshold", "5"));
        assertTrue(err().contains("ambiguous"), err());
    }

    @Test
    void reportMergesRunsAndWritesEveryOutput() throws Exception {
        Path a = results("base", 1, 1.0, false);
        Path b = results("new", 2, 1.2, true);
        Path outDir = dir.resolve("report");
        assertEquals(0, ChordCommand.execute("report", a.toString(), b.toString(), "--out", outDir.toString()), err());
        assertTrue(out().startsWith("wrote " + outDir.resolve("report.html")), out());
        String html = Files.readString(outDir.resolve("report.html"));
        assertTrue(html.contains("<h2>Changes: new against base</h2>"), "runs labelled by file name");
        assertTrue(html.contains("REGRESSED"));
        assertTrue(html.contains("roofline line is omitted"), "no membw suite in these files");
        assertTrue(Files.isRegularFile(outDir.resolve("report.md")));
        assertTrue(Files.readAllLines(outDir.resolve("benchmarks.csv")).size() == 1 + 3 + 4);
        assertTrue(Files.readString(outDir.resolve("table-accuracy.csv")).contains("new,q4_0,0.0124"));
    }
}
