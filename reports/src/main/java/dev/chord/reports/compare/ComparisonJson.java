package dev.chord.reports.compare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chord.reports.model.ResultSets;
import dev.chord.reports.stats.Estimate;
import dev.chord.reports.stats.Summary;

/** A comparison as JSON for scripts and CI ({@code chord compare --json}); the schema is in the README. */
public final class ComparisonJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ComparisonJson() {
    }

    public static ObjectNode toJson(Comparison c, String baseName, String nextName) {
        ObjectNode root = F.objectNode();
        root.put("schema", "chord.compare/1");
        root.put("base_file", baseName);
        root.put("new_file", nextName);
        root.put("threshold", c.threshold());
        root.put("alpha", c.method().alpha());
        root.put("confidence", c.method().confidence());
        root.put("bootstrap_resamples", c.method().resamples());
        root.put("method", c.method().describe());
        root.put("rule", ComparisonText.rule(c));
        root.set("base_environment", ResultSets.toJsonTree(c.base()));
        root.set("new_environment", ResultSets.toJsonTree(c.next()));
        var diffs = root.putArray("environment_differences");
        c.environmentDifferences().forEach(diffs::add);
        ObjectNode counts = root.putObject("counts");
        c.counts().forEach((v, n) -> counts.put(v.name(), n));
        root.put("regressed", c.hasRegression());
        var results = root.putArray("results");
        for (BenchmarkComparison r : c.results()) {
            ObjectNode n = results.addObject();
            n.put("id", r.id());
            n.put("suite", r.suite());
            n.put("unit", r.unit());
            n.put("higher_is_better", r.higherIsBetter());
            n.set("base", summary(r.base()));
            n.set("new", summary(r.next()));
            if (r.ratio() != null) {
                n.put("ratio", r.ratio().value());
                putCi(n, r.ratio());
            } else {
                n.putNull("ratio");
                n.putNull("ci_low");
                n.putNull("ci_high");
            }
            if (Double.isNaN(r.pValue())) {
                n.putNull("p_value");
            } else {
                n.put("p_value", r.pValue());
            }
            n.put("verdict", r.verdict().name());
            n.put("reason", r.reason());
        }
        return root;
    }

    private static ObjectNode summary(Summary s) {
        if (s == null) {
            return null;
        }
        ObjectNode n = F.objectNode();
        n.put("median", s.median().value());
        putCi(n, s.median());
        n.put("forks", s.forks());
        n.put("samples", s.benchmark().sampleCount());
        return n;
    }

    private static void putCi(ObjectNode n, Estimate e) {
        if (e.hasCi()) {
            n.put("ci_low", e.ci().low());
            n.put("ci_high", e.ci().high());
        } else {
            n.putNull("ci_low");
            n.putNull("ci_high");
        }
    }
}
