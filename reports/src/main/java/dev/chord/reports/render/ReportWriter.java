package dev.chord.reports.render;

import dev.chord.reports.model.ResultSet;
import dev.chord.reports.stats.StatisticalMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report directory: {@code report.html} (self-contained), {@code report.md} with {@code charts/*.svg},
 * {@code benchmarks.csv} and {@code table-NAME.csv} per result table.
 */
public final class ReportWriter {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    public static final String CHARTS = "charts";
    public static final String BENCHMARKS_CSV = "benchmarks.csv";

    private ReportWriter() {
    }

    /** Writes result sets labelled {@code run1, run2, ...} (or by commit when they differ). */
    public static List<Path> write(List<ResultSet> results, Path dir) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            runs.add(new Run("run" + (i + 1), results.get(i)));
        }
        return writeRuns(runs, dir, StatisticalMethod.DEFAULT, 0.05);
    }

    /**
     * Writes the report of labelled runs; the first run is the base of comparisons.
     *
     * @param threshold the comparison threshold as a fraction (0.05 for 5%)
     * @return the files written
     */
    public static List<Path> writeRuns(List<Run> runs, Path dir, StatisticalMethod method, double threshold)
            throws IOException {
        Report report = ReportBuilder.build(uniqueLabels(runs), method, threshold);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Path charts = dir.resolve(CHARTS);
        Files.createDirectories(charts);
        removeOldOutputs(dir, charts);
        for (Report.Section s : report.sections()) {
            for (Report.Block b : s.blocks()) {
                if (b instanceof Report.Figure f) {
                    written.add(Files.writeString(charts.resolve(f.name() + ".svg"),
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.svg()));
                }
            }
        }
        written.add(0, Files.writeString(dir.resolve(MARKDOWN), MarkdownRenderer.render(report, CHARTS)));
        written.add(0, Files.writeString(dir.resolve(HTML), HtmlRenderer.render(report)));
        written.add(Files.writeString(dir.resolve(BENCHMARKS_CSV), CsvExport.benchmarks(runs, method)));
        for (var e : CsvExport.tables(runs).entrySet()) {
            written.add(Files.writeString(dir.resolve("table-" + fileName(e.getKey()) + ".csv"), e.getValue()));
        }
        return written;
    }

    /** A rerun into the same directory must not leave charts or tables of the previous input behind. */
    private static void removeOldOutputs(Path dir, Path charts) throws IOException {
        try (var old = Files.newDirectoryStream(charts, "*.svg")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        try (var old = Files.newDirectoryStream(dir, "table-*.csv")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }

    /** Labels made unique by suffixing {@code #2}, {@code #3} (two files of the same name from different folders). */
    static List<Run> uniqueLabels(List<Run> runs) {
        Map<String, Integer> seen = new HashMap<>();
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            int n = seen.merge(r.label(), 1, Integer::sum);
            out.add(n == 1 ? r : new Run(r.label() + "#" + n, r.results()));
        }
        return out;
    }

    static String fileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() ? "table" : s;
    }
}
