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

    @Parameters(index = "0", paramLabel = "BASE.json", description = "results of the base run, or a directory of "
            + "runs (every *.json in it, forks pooled: how interleaved runs are compared)")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW.json", description = "results of the new run, or a directory of runs")
    Path next;

    @Option(names = "--threshold", defaultValue = "5%", paramLabel = "T",
            description = "smallest change that matters, as 5%% or 0.05 (default ${DEFAULT-VALUE})")
    String threshold;

    @Option(names = "--json", description = "Print JSON (schema chord.compare/1, in the README) instead of text.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    /** One results file, or every *.json of a directory with their forks pooled per benchmark. */
    static ResultSet readRuns(Path p) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(p)) {
            return ResultSets.read(p);
        }
        java.util.List<ResultSet> runs = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(p)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                runs.add(ResultSets.read(f));
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(p + ": no *.json results files in this directory");
        }
        return ResultSets.poolForks(runs);
    }

    @Override
    public Integer call() throws Exception {
        double t = DecisionRule.parseThreshold(threshold);
        ResultSet b = readRuns(base);
        ResultSet n = readRuns(next);
        Comparison c = Comparison.compare(b, n, t);
        if (json) {
            System.out.println(Json.pretty(ComparisonJson.toJson(c, base.toString(), next.toString())));
        } else {
            System.out.print(ComparisonText.render(c, base.toString(), next.toString()));
        }
        return c.hasRegression() ? 1 : 0;
    }
}
