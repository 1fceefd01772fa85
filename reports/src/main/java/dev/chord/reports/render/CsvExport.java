package dev.chord.reports.render;

import dev.chord.reports.model.Benchmark;
import dev.chord.reports.stats.StatisticalMethod;
import dev.chord.reports.stats.Summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV (RFC 4180) for spreadsheets and scripts: one row per benchmark per run with its median and interval,
 * and one file per result table. Numbers are written at full precision.
 */
public final class CsvExport {
    private CsvExport() {
    }

    /**
     * Columns {@code run,id,suite,unit,higher_is_better,baseline,forks,samples,median,ci_low,ci_high,fork_cv}, then
     * {@code param.K} for every parameter and {@code derived.K} for every derived number in any benchmark.
     */
    public static String benchmarks(List<Run> runs, StatisticalMethod method) {
        Set<String> params = new LinkedHashSet<>();
        Set<String> derived = new LinkedHashSet<>();
        for (Run r : runs) {
            for (Benchmark b : r.results().benchmarks()) {
                params.addAll(b.params().keySet());
                derived.addAll(b.derived().keySet());
            }
        }
        List<String> header = new ArrayList<>(List.of("run", "id", "suite", "unit", "higher_is_better", "baseline",
                "forks", "samples", "median", "ci_low", "ci_high", "fork_cv"));
        params.forEach(p -> header.add("param." + p));
        derived.forEach(d -> header.add("derived." + d));
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (Run r : runs) {
            for (Benchmark b : r.results().benchmarks()) {
                Summary s = Summary.of(b, method);
                List<String> row = new ArrayList<>(List.of(r.label(), b.id(), b.suite(), b.unit(),
                        Boolean.toString(b.higherIsBetter()), b.baseline() == null ? "" : b.baseline(),
                        Integer.toString(s.forks()), Integer.toString(b.sampleCount()), num(s.median().value()),
                        s.median().hasCi() ? num(s.median().ci().low()) : "",
                        s.median().hasCi() ? num(s.median().ci().high()) : "",
                        Double.isNaN(s.forkCv()) ? "" : num(s.forkCv())));
                params.forEach(p -> row.add(b.params().getOrDefault(p, "")));
                derived.forEach(d -> row.add(b.derived().containsKey(d) ? num(b.derived().get(d)) : ""));
                line(sb, row);
            }
        }
        return sb.toString();
    }

    /** Every result table by name: a {@code run} column, then the union of the table's columns across runs. */
    public static Map<String, String> tables(List<Run> runs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TableSections.Merged m : TableSections.merge(new ReportContext(runs, StatisticalMethod.DEFAULT, 0.05))) {
            StringBuilder sb = new StringBuilder();
            List<String> header = new ArrayList<>();
            header.add("run");
            m.columns().forEach(c -> header.add(c.name()));
            line(sb, header);
            for (int i = 0; i < m.rows().size(); i++) {
                List<String> row = new ArrayList<>();
                row.add(m.runs().get(i));
                for (var c : m.columns()) {
                    Object v = m.rows().get(i).get(c.name());
                    row.add(v == null ? "" : v instanceof Double d ? num(d) : String.valueOf(v));
                }
                line(sb, row);
            }
            out.put(m.first().name(), sb.toString());
        }
        return out;
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        sb.append("\r\n");
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
