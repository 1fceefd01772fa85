package dev.chord.reports.render;

import java.util.List;

/** A report as GitHub-flavoured Markdown; figures are referenced as {@code charts/NAME.svg} files. */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    public static String render(Report report, String chartDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(report.title()).append("\n\n").append(escape(report.subtitle())).append("\n\n");
        for (Report.Section s : report.sections()) {
            sb.append("## ").append(escape(s.title())).append("\n\n");
            for (Report.Block b : s.blocks()) {
                switch (b) {
                    case Report.Paragraph p -> sb.append(escape(p.text())).append("\n\n");
                    case Report.Note n -> sb.append("> **Note:** ").append(escape(n.text())).append("\n\n");
                    case Report.Figure f -> sb.append("![").append(escape(f.caption())).append("](").append(chartDir)
                            .append('/').append(f.name()).append(".svg)\n\n");
                    case Report.Table t -> table(sb, t);
                }
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, Report.Table t) {
        row(sb, t.header());
        StringBuilder sep = new StringBuilder("|");
        for (boolean num : t.numeric()) {
            sep.append(num ? " ---: |" : " --- |");
        }
        sb.append(sep).append('\n');
        for (List<String> r : t.rows()) {
            row(sb, r);
        }
        sb.append('\n');
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(cell(c)).append(" |");
        }
        sb.append('\n');
    }

    private static String cell(String s) {
        String e = escape(s).replace("|", "\\|").replace("\n", " ");
        return e.isEmpty() ? " " : e;
    }

    /** Escapes the characters that would start Markdown markup inside text. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
                .replace("`", "\\`").replace("[", "\\[").replace("]", "\\]");
    }
}
