/**
 * The statistics behind every number in a report: fork means as replicates, medians across forks, seeded
 * percentile-bootstrap confidence intervals, Mann–Whitney U tests. {@link dev.chord.reports.stats.StatisticalMethod}
 * holds the settings and states the method in words.
 */
package dev.chord.reports.stats;
