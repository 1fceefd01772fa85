package dev.chord.reports.render;

import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.Environment;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.stats.StatisticalMethod;
import dev.chord.reports.testing.SampleResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void twoRunReportHasEverySection(@TempDir Path dir) throws Exception {
        List<Run> runs = List.of(new Run("base", SampleResults.run(1, false)), new Run("new", SampleResults.run(2, true)));
        List<Path> files = ReportWriter.writeRuns(runs, dir, StatisticalMethod.DEFAULT, 0.05);
        String html = Files.readString(dir.resolve("report.html"));
        for (String title : List.of("Environment", "Method", "Changes: new against base", "Speedups",
                "Weight bandwidth (matrix-vector roofline)", "Accuracy per format", "Cache hit ratio over the budget",
                "Benchmarks: kernels", "Benchmarks: membw", "Benchmarks: e2e")) {
            assertTrue(html.contains("<h2>" + title + "</h2>"), "missing section " + title);
        }
        // compare, speedup, roofline, accuracy, cache sweep, kernels, membw, e2e
        assertEquals(8, count(html, "<svg "), "one chart per kind of data");
        assertEquals(count(html, "<svg "), count(html, "</svg>"));
        assertTrue(html.contains("<td class=\"v-REGRESSED\">REGRESSED</td><td>matvec/q4_K/vector.int8/4096x4096/t1</td>"), html);
        assertTrue(html.contains("<td class=\"v-IMPROVED\">IMPROVED</td><td>matvec/q8_0/vector.int8/4096x4096/t1</td>"), html);
        assertFalse(html.contains("REGRESSED</td><td>matvec/q4_0"), "unchanged kernels must not be flagged");
        assertTrue(html.contains("percentile bootstrap"), "the method is stated");
        assertFalse(html.contains("roofline line is omitted"), "membw is present");
        // self-contained: no scripts, no fetched resources (the SVG namespace URI is an identifier, not a fetch)
        assertFalse(html.contains("<script"));
        String noNs = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(noNs.contains("http://") || noNs.contains("https://") || noNs.contains("url(") || noNs.contains("@import"),
                "external reference in the page");

        String md = Files.readString(dir.resolve("report.md"));
        Matcher m = Pattern.compile("!\\[[^]]*]\\((charts/[^)]+\\.svg)\\)").matcher(md);
        int figures = 0;
        while (m.find()) {
            assertTrue(Files.isRegularFile(dir.resolve(m.group(1))), m.group(1));
            figures++;
        }
        assertEquals(8, figures);
        assertTrue(files.contains(dir.resolve("table-accuracy.csv")));
        assertTrue(files.contains(dir.resolve("table-cache_sweep.csv")));
    }

    @Test
    void singleRunHasNoComparisonAndNotesMissingBandwidth(@TempDir Path dir) throws Exception {
        ResultSet full = SampleResults.run(3, false);
        ResultSet noMembw = new ResultSet(full.environment(),
                full.benchmarks().stream().filter(b -> !b.suite().equals("membw")).toList(), List.of());
        ReportWriter.write(List.of(noMembw), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("Changes:"));
        assertTrue(html.contains("roofline line is omitted"));
        assertFalse(html.contains("Accuracy per format"), "no tables in the input, no table sections");
        assertFalse(html.contains("class=\"reference\""), "no bandwidth line");
    }

    @Test
    void timingOnlyInputHasNoSpeedupOrRoofline(@TempDir Path dir) throws Exception {
        ResultSet rs = ResultSet.builder(Environment.unknown())
                .add(Benchmark.builder("e2e/a").suite("e2e").rateUnit("tok/s").fork(10, 11).fork(10.5).build()).build();
        ReportWriter.write(List.of(rs), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("<h2>Speedups</h2>"));
        assertFalse(html.contains("roofline"));
        assertEquals(1, count(html, "<svg "));
    }

    @Test
    void benchmarksCsvHasOneRowPerBenchmarkPerRun(@TempDir Path dir) throws Exception {
        List<Run> runs = List.of(new Run("base", SampleResults.run(1, false)), new Run("new", SampleResults.run(2, true)));
        ReportWriter.writeRuns(runs, dir, StatisticalMethod.DEFAULT, 0.05);
        List<String> lines = Files.readAllLines(dir.resolve("benchmarks.csv"));
        int perRun = runs.getFirst().results().benchmarks().size();
        assertEquals(1 + 2 * perRun, lines.size());
        assertTrue(lines.getFirst().startsWith("run,id,suite,unit,higher_is_better,baseline,forks,samples,median,ci_low,ci_high,fork_cv,param.op,"),
                lines.getFirst());
        String[] row = lines.get(1).split(",");
        assertEquals("base", row[0]);
        assertEquals("5", row[6]);
        double median = Double.parseDouble(row[8]);
        double lo = Double.parseDouble(row[9]);
        double hi = Double.parseDouble(row[10]);
        assertTrue(lo <= median && median <= hi, lines.get(1));
        List<String> acc = Files.readAllLines(dir.resolve("table-accuracy.csv"));
        assertEquals("run,format,rmse,max_abs_err,bit_exact", acc.getFirst());
        assertEquals(1 + 8, acc.size());
        assertTrue(acc.get(1).startsWith("base,q4_0,0.0124,"), acc.get(1));
    }

    @Test
    void csvQuotesSeparators() {
        assertEquals("plain", CsvExport.quote("plain"));
        assertEquals("\"a,b\"", CsvExport.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExport.quote("say \"hi\""));
    }

    @Test
    void sameFileNamesGetDistinctLabels() {
        ResultSet rs = SampleResults.run(1, false);
        List<Run> runs = ReportWriter.uniqueLabels(List.of(new Run("r", rs), new Run("r", rs), new Run("x", rs)));
        assertEquals(List.of("r", "r#2", "x"), runs.stream().map(Run::label).toList());
    }

    @Test
    void hostileTextIsEscaped(@TempDir Path dir) throws Exception {
        ResultSet rs = ResultSet.builder(Environment.unknown())
                .add(Benchmark.builder("<script>alert(1)</script>").suite("k&<\"").timeUnit("ns/op").fork(1, 2).fork(2).build())
                .build();
        ReportWriter.write(List.of(rs), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;"));
    }
}
