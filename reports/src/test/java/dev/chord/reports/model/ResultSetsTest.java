package dev.chord.reports.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultSetsTest {

    static ResultSet sample() {
        Environment env = new Environment("0.1.0", "0123456789abcdef0123456789abcdef01234567-dirty", "Eclipse Adoptium",
                "25+36", "OpenJDK 64-Bit Server VM", List.of("-Xmx2g"), "Some CPU", List.of("avx2", "fma"), 2,
                "Species[float, 8, S_256_BIT]", 2, "Linux 6.1 amd64", "2026-01-01T00:00:00Z", null)
                .withExtra("jmh", "1.37");
        return ResultSet.builder(env)
                .add(Benchmark.builder("matvec/q4_K/scalar.reference/64x64/t1").suite("kernels")
                        .param("kernel", "scalar.reference").param("format", "q4_K").bytesPerOp(2304)
                        .timeUnit("ns/op").fork(100.5, 101.0).fork(99.0, 98.5).build())
                .add(Benchmark.builder("matvec/q4_K/vector.int8/64x64/t1").suite("kernels")
                        .param("kernel", "vector.int8").param("format", "q4_K").bytesPerOp(2304)
                        .timeUnit("ns/op").baseline("matvec/q4_K/scalar.reference/64x64/t1")
                        .fork(20.0, 21.0).fork(19.5).derived("gflops", 1.5).build())
                .add(ResultTable.builder("accuracy").kind("accuracy").title("Accuracy per format")
                        .column("format").column("rmse", "", "root mean square error vs F64")
                        .column("exact", "", "").column("blocks", "", "")
                        .row("format", "q4_K", "rmse", 0.0123, "exact", true, "blocks", 12L)
                        .row("format", "q8_0", "rmse", null, "exact", false, "blocks", 3L)
                        .chart(ChartSpec.bar("format", "rmse").withLogY())
                        .build())
                .build();
    }

    @Test
    void roundTripsThroughJson(@TempDir Path dir) throws Exception {
        ResultSet rs = sample();
        Path f = dir.resolve("r.json");
        ResultSets.write(rs, f);
        ResultSet back = ResultSets.read(f);
        assertEquals(rs, back);
        assertEquals(ResultSets.toJson(rs), ResultSets.toJson(back));
    }

    @Test
    void documentedExampleStaysReadable() throws Exception {
        // The example of the README's schema section, minimal form: only required fields.
        String json = """
                {"schema": "chord.results/1", "environment": {},
                 "benchmarks": [{"id": "e2e/lru", "suite": "e2e", "unit": "tok/s", "higher_is_better": true,
                                 "forks": [[10.5, 11], [10.9]]}]}
                """;
        ResultSet rs = ResultSets.parse(json, "x.json");
        assertEquals(Environment.UNKNOWN, rs.environment().cpuModel());
        assertEquals(2, rs.benchmarks().getFirst().forkCount());
        assertTrue(rs.tables().isEmpty());
    }

    /** The schema example in the README must stay a valid file. */
    @Test
    void readmeExampleIsValid() throws Exception {
        Path readme = Path.of("..", "README.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(readme), "README.md not found from " + Path.of("").toAbsolutePath());
        String text = Files.readString(readme);
        int section = text.indexOf("### Result files");
        assertTrue(section >= 0, "README has no '### Result files' section");
        int start = text.indexOf("```json\n", section) + 8;
        int end = text.indexOf("```", start);
        ResultSet rs = ResultSets.parse(text.substring(start, end), "README.md example");
        assertEquals(2, rs.benchmarks().size());
        assertEquals("accuracy", rs.tables().getFirst().name());
    }

    private static String error(String json) {
        return assertThrows(ResultFormatException.class, () -> ResultSets.parse(json, "bad.json")).getMessage();
    }

    @Test
    void badInputNamesFileAndField() {
        assertTrue(error("hello").startsWith("bad.json: not JSON (Unrecognized token 'hello'"), error("hello"));
        assertTrue(error("{\"a\": 1,\n\"b\": }").endsWith("at line 2, column 6)"), error("{\"a\": 1,\n\"b\": }"));
        assertTrue(error("{} {}").startsWith("bad.json: not JSON (Trailing token"), error("{} {}"));
        assertTrue(error("").startsWith("bad.json: empty file"), error(""));
        assertEquals("bad.json: expected an object, got an array", error("[1]"));
        assertTrue(error("{}").startsWith("bad.json: schema: missing"), error("{}"));
        assertEquals("bad.json: schema: is \"chord.results/9\"; this Chord reads \"chord.results/1\"",
                error("{\"schema\": \"chord.results/9\"}"));
        String base = "{\"schema\": \"chord.results/1\", \"environment\": {}, \"benchmarks\": [";
        assertEquals("bad.json: environment: missing", error("{\"schema\": \"chord.results/1\"}"));
        assertEquals("bad.json: benchmarks[0].unit: missing",
                error(base + "{\"id\": \"a\", \"suite\": \"k\", \"higher_is_better\": false, \"forks\": [[1]]}]}"));
        assertEquals("bad.json: benchmarks[0].forks[1][0]: expected a number, got the string \"12\"",
                error(base + "{\"id\": \"a\", \"suite\": \"k\", \"unit\": \"ns/op\", \"higher_is_better\": false,"
                        + " \"forks\": [[1], [\"12\"]]}]}"));
        assertEquals("bad.json: benchmarks[0].forks[0][1]: is 0; samples must be finite and greater than zero",
                error(base + "{\"id\": \"a\", \"suite\": \"k\", \"unit\": \"ns/op\", \"higher_is_better\": false,"
                        + " \"forks\": [[1, 0]]}]}"));
        assertEquals("bad.json: benchmarks[0].higher_is_better: expected true or false, got the string \"no\"",
                error(base + "{\"id\": \"a\", \"suite\": \"k\", \"unit\": \"ns/op\", \"higher_is_better\": \"no\","
                        + " \"forks\": [[1]]}]}"));
        assertEquals("bad.json: benchmarks[1].id: duplicate id 'a' (also benchmarks[0])",
                error(base + "{\"id\": \"a\", \"suite\": \"k\", \"unit\": \"ns/op\", \"higher_is_better\": false, \"forks\": [[1]]},"
                        + "{\"id\": \"a\", \"suite\": \"k\", \"unit\": \"ns/op\", \"higher_is_better\": false, \"forks\": [[1]]}]}"));
        assertEquals("bad.json: benchmarks[0].baseline: 'zzz' is not the id of a benchmark in this file",
                error(base + "{\"id\": \"a\", \"suite\": \"k\", \"unit\": \"ns/op\", \"higher_is_better\": false,"
                        + " \"baseline\": \"zzz\", \"forks\": [[1]]}]}"));
        assertEquals("bad.json: benchmarks[0].forks: is empty; expected at least one fork of samples",
                error(base + "{\"id\": \"a\", \"suite\": \"k\", \"unit\": \"ns/op\", \"higher_is_better\": false, \"forks\": []}]}"));
    }

    @Test
    void badTablesNameTheCell() {
        String head = "{\"schema\": \"chord.results/1\", \"environment\": {}, \"tables\": [{\"name\": \"acc\", "
                + "\"columns\": [{\"name\": \"format\"}, {\"name\": \"rmse\"}], ";
        assertEquals("bad.json: tables[0].rows[1].rmse2: is not a declared column (columns: format, rmse)",
                error(head + "\"rows\": [{\"format\": \"q4_0\"}, {\"rmse2\": 1}]}]}"));
        assertEquals("bad.json: tables[0].rows[0].rmse: expected a string, number, boolean or null, got an array",
                error(head + "\"rows\": [{\"rmse\": [1]}]}]}"));
        assertEquals("bad.json: tables[0].chart: names column 'budget', which is not declared",
                error(head + "\"rows\": [], \"chart\": {\"type\": \"line\", \"x\": \"budget\", \"y\": [\"rmse\"]}}]}"));
        assertEquals("bad.json: tables[0].chart.type: is \"pie\"; expected \"bar\" or \"line\"",
                error(head + "\"rows\": [], \"chart\": {\"type\": \"pie\", \"x\": \"format\", \"y\": [\"rmse\"]}}]}"));
    }

    @Test
    void readNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\"schema\": 1}");
        var e = assertThrows(ResultFormatException.class, () -> ResultSets.read(f));
        assertEquals(f + ": schema: is 1; this Chord reads \"chord.results/1\"", e.getMessage());
        Path bin = dir.resolve("bin.json");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertTrue(assertThrows(ResultFormatException.class, () -> ResultSets.read(bin)).getMessage().contains("not UTF-8"));
    }

    @Test
    void poolingConcatenatesForksById() {
        var env = Environment.unknown();
        ResultSet a = ResultSet.builder(env).add(Benchmark.builder("x").suite("k").timeUnit("ns/op").fork(1, 2).build())
                .build();
        ResultSet b = ResultSet.builder(env).add(Benchmark.builder("y").suite("k").timeUnit("ns/op").fork(5).build())
                .add(Benchmark.builder("x").suite("k").timeUnit("ns/op").fork(3).fork(4).build()).build();
        ResultSet p = ResultSets.poolForks(List.of(a, b));
        assertEquals(List.of("x", "y"), p.benchmarks().stream().map(Benchmark::id).toList());
        assertEquals(3, p.benchmarks().getFirst().forkCount());
        assertEquals(3.0, p.benchmarks().getFirst().fork(1)[0]);
        ResultSet c = ResultSet.builder(env).add(Benchmark.builder("x").suite("k").timeUnit("us/op").fork(1).build()).build();
        assertThrows(IllegalArgumentException.class, () -> ResultSets.poolForks(List.of(a, c)));
    }

    @Test
    void builderRejectsBadData() {
        assertThrows(IllegalArgumentException.class,
                () -> Benchmark.builder("a").suite("k").timeUnit("ns/op").fork(1, Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> Benchmark.builder("a").suite("k").timeUnit("ns/op").build());
        assertThrows(IllegalArgumentException.class, () -> ResultTable.builder("t").column("a").row("b", 1).build());
        assertThrows(IllegalArgumentException.class, () -> ResultTable.builder("t").column("a").row("a", Double.NaN).build());
        var env = Environment.unknown();
        var b = Benchmark.builder("a").suite("k").timeUnit("ns/op").baseline("nope").fork(1).build();
        assertThrows(IllegalArgumentException.class, () -> ResultSet.builder(env).add(b).build());
    }
}
