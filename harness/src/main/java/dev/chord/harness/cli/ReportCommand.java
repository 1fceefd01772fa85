package dev.chord.harness.cli;

import dev.chord.reports.compare.DecisionRule;
import dev.chord.reports.model.ResultSets;
import dev.chord.reports.render.ReportWriter;
import dev.chord.reports.render.Run;
import dev.chord.reports.stats.StatisticalMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Writes a Markdown and HTML report with SVG charts, plus CSV files, from one or more result files. */
@Command(name = "report", description = {
        "Write report.html (self-contained), report.md with charts/*.svg, and CSV files from result files.",
        "With several files the first is the base: later runs are compared with it."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS.json", description = "result files (chord.results/1)")
    List<Path> files;

    @Option(names = "--out", defaultValue = "chord-report", paramLabel = "DIR",
            description = "output directory (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--threshold", defaultValue = "5%", paramLabel = "T",
            description = "comparison threshold, as 5%% or 0.05 (default ${DEFAULT-VALUE})")
    String threshold;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        double t = DecisionRule.parseThreshold(threshold);
        List<Run> runs = new ArrayList<>();
        for (Path f : files) {
            runs.add(new Run(label(f), ResultSets.read(f)));
        }
        List<Path> written = ReportWriter.writeRuns(runs, out, StatisticalMethod.DEFAULT, t);
        long charts = written.stream().filter(p -> p.toString().endsWith(".svg")).count();
        long csv = written.stream().filter(p -> p.toString().endsWith(".csv")).count();
        System.out.println("wrote " + out.resolve(ReportWriter.HTML) + " and " + out.resolve(ReportWriter.MARKDOWN)
                + " (" + charts + " charts in " + out.resolve(ReportWriter.CHARTS) + ", " + csv + " CSV files)");
        return 0;
    }

    /** The file name without its .json extension. */
    static String label(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".json") && name.length() > 5 ? name.substring(0, name.length() - 5) : name;
    }
}
