/**
 * Run-to-run comparison: {@link dev.chord.reports.compare.Comparison#compare} matches benchmarks by id and
 * gives each a {@link dev.chord.reports.compare.Verdict} by the {@link dev.chord.reports.compare.DecisionRule}.
 */
package dev.chord.reports.compare;
