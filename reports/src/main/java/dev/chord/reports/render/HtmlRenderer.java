package dev.chord.reports.render;

import java.util.List;

/**
 * A report as one self-contained HTML page: inline CSS and SVG, no scripts, no fonts or images fetched from
 * anywhere, so it opens offline and can be attached to a CI run as it is.
 */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;font-size:14px;color:#222;margin:0;background:#fafafa}
            main{max-width:1180px;margin:0 auto;padding:24px 32px;background:#fff}
            h1{font-size:26px;margin:0 0 4px}
            h2{font-size:20px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid #ddd}
            .subtitle{color:#555;margin:0 0 16px}
            nav ul{margin:8px 0 0;padding-left:20px;columns:2}
            p{line-height:1.45;max-width:70em}
            .note{background:#fff7e0;border-left:4px solid #f0a030;padding:8px 12px;max-width:70em}
            .scroll{overflow-x:auto;margin:8px 0 16px}
            table{border-collapse:collapse;font-size:13px}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f0f0f0;position:sticky;top:0}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            tr:nth-child(even) td{background:#fafafa}
            td.v-REGRESSED{color:#b00;font-weight:bold}
            td.v-IMPROVED{color:#1a7f1a;font-weight:bold}
            td.v-UNKNOWN{color:#a06000}
            figure{margin:12px 0 20px}
            figure svg{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{color:#555;font-size:13px;margin-top:4px}
            details{margin:8px 0 16px}
            summary{cursor:pointer;color:#333}
            """;

    private HtmlRenderer() {
    }

    public static String render(Report report) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(report.title())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        sb.append("<h1>").append(esc(report.title())).append("</h1>\n<p class=\"subtitle\">").append(esc(report.subtitle()))
                .append("</p>\n<nav><strong>Contents</strong><ul>\n");
        for (Report.Section s : report.sections()) {
            sb.append("<li><a href=\"#").append(esc(s.id())).append("\">").append(esc(s.title())).append("</a></li>\n");
        }
        sb.append("</ul></nav>\n");
        for (Report.Section s : report.sections()) {
            sb.append("<section id=\"").append(esc(s.id())).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n");
            for (Report.Block b : s.blocks()) {
                switch (b) {
                    case Report.Paragraph p -> sb.append("<p>").append(esc(p.text())).append("</p>\n");
                    case Report.Note n -> sb.append("<p class=\"note\">").append(esc(n.text())).append("</p>\n");
                    case Report.Figure f -> sb.append("<figure id=\"fig-").append(esc(f.name())).append("\">\n")
                            .append(f.svg()).append("<figcaption>").append(esc(f.caption())).append("</figcaption>\n</figure>\n");
                    case Report.Table t -> table(sb, t);
                }
            }
            sb.append("</section>\n");
        }
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** Tables longer than this are folded into a {@code <details>} element (no script needed to unfold). */
    static final int FOLD_ROWS = 24;

    private static void table(StringBuilder sb, Report.Table t) {
        boolean fold = t.rows().size() > FOLD_ROWS;
        if (fold) {
            sb.append("<details><summary>").append(t.rows().size()).append(" rows</summary>\n");
        }
        sb.append("<div class=\"scroll\"><table>\n<thead><tr>");
        for (String h : t.header()) {
            sb.append("<th>").append(esc(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        boolean verdictColumn = !t.header().isEmpty() && t.header().getFirst().equals("verdict");
        for (List<String> r : t.rows()) {
            sb.append("<tr>");
            for (int c = 0; c < r.size(); c++) {
                String cls = t.numeric().get(c) ? "num" : "";
                if (c == 0 && verdictColumn) {
                    cls = "v-" + r.get(c);
                }
                sb.append(cls.isEmpty() ? "<td>" : "<td class=\"" + esc(cls) + "\">").append(esc(r.get(c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table></div>\n");
        if (fold) {
            sb.append("</details>\n");
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
