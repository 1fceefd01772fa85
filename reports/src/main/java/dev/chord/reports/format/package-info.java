/** Number and text-table formatting shared by the text, Markdown, HTML and CSV outputs. */
package dev.chord.reports.format;
