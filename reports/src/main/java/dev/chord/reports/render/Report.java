package dev.chord.reports.render;

import java.util.List;

/**
 * A report as a document model shared by the Markdown and HTML renderers.
 *
 * @param title    the report title
 * @param subtitle one line under the title (runs, date)
 * @param sections the sections in order
 */
public record Report(String title, String subtitle, List<Report.Section> sections) {

    public Report {
        sections = List.copyOf(sections);
    }

    /** A titled part of the report; {@code id} is a stable anchor. */
    public record Section(String id, String title, List<Block> blocks) {
        public Section {
            blocks = List.copyOf(blocks);
        }
    }

    /** A piece of content. */
    public sealed interface Block permits Paragraph, Note, Table, Figure {
    }

    public record Paragraph(String text) implements Block {
    }

    /** A remark that qualifies the data (missing inputs, environment differences). */
    public record Note(String text) implements Block {
    }

    /**
     * @param name    file name stem for the CSV export of this table, or null when it is not exported on its own
     * @param header  column headers
     * @param numeric per column, whether cells are numbers (right-aligned)
     * @param rows    cells as text
     */
    public record Table(String name, List<String> header, List<Boolean> numeric, List<List<String>> rows) implements Block {
        public Table {
            header = List.copyOf(header);
            numeric = List.copyOf(numeric);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A chart: {@code name} is its file name stem, {@code svg} a complete {@code <svg>} element. */
    public record Figure(String name, String caption, String svg) implements Block {
    }
}
