/**
 * The one result model every Chord experiment writes: a {@link dev.chord.reports.model.ResultSet} with the
 * {@link dev.chord.reports.model.Environment} it ran in, timing {@link dev.chord.reports.model.Benchmark}s
 * (samples grouped by JVM fork) and non-timing {@link dev.chord.reports.model.ResultTable}s. JSON schema
 * {@value dev.chord.reports.model.ResultSet#SCHEMA}, read and written by {@link dev.chord.reports.model.ResultSets}.
 */
package dev.chord.reports.model;
