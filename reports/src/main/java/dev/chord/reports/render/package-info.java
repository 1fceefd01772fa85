/**
 * Reports from one or more result sets: {@link dev.chord.reports.render.ReportWriter} builds one
 * {@link dev.chord.reports.render.Report} (sections of paragraphs, tables and SVG figures, each present only when
 * the input has that kind of data) and writes it as Markdown, self-contained HTML and CSV.
 */
package dev.chord.reports.render;
