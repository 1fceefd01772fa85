package dev.chord.harness.cli;

import dev.chord.harness.util.Json;
import dev.chord.reports.compare.Comparison;
import dev.chord.reports.compare.ComparisonJson;
import dev.chord.reports.compare.ComparisonText;
import dev.chord.reports.compare.DecisionRule;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Compares two result files benchmark by benchmark; exit status 1 when any benchmark REGRESSED. */
@Command(name = "compare", description = {
        "Compare two result files: per benchmark the ratio of medians, its bootstrap CI, a Mann-Whitney p-value and",
        "a verdict IMPROVED / REGRESSED / UNCHANGED / UNKNOWN. Exit status 1 when any benchmark REGRESSED."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASE.json", description = "results of the base run")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW.json", description = "results of the new run")
    Path next;

    @Option(names = "--threshold", defaultValue = "5%", paramLabel = "T",
            description = "smallest change that matters, as 5% or 0.05 (default ${DEFAULT-VALUE})")
    String threshold;

    @Option(names = "--json", description = "Print JSON (schema chord.compare/1, in the README) instead of text.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        double t = DecisionRule.parseThreshold(threshold);
        ResultSet b = ResultSets.read(base);
        ResultSet n = ResultSets.read(next);
        Comparison c = Comparison.compare(b, n, t);
        if (json) {
            System.out.println(Json.pretty(ComparisonJson.toJson(c, base.toString(), next.toString())));
        } else {
            System.out.print(ComparisonText.render(c, base.toString(), next.toString()));
        }
        return c.hasRegression() ? 1 : 0;
    }
}
