/**
 * Self-contained SVG charts (no scripts, no external resources): horizontal bar charts with confidence
 * whiskers and reference lines, and line charts. Each renders to one {@code <svg>} element.
 */
package dev.chord.reports.chart;
