package dev.chord.reports.chart;

import java.util.List;
import java.util.Locale;

/** Small helpers for writing SVG text. */
final class Svg {
    static final String FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";
    /** Tableau 10: distinguishable, and readable when printed in grey. */
    static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");
    /** Average advance width of a 12px sans-serif character, for layout (no font metrics in a server JVM). */
    static final double CHAR_WIDTH = 7.4;

    private Svg() {
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A coordinate with one decimal. */
    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String color(int i) {
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    /** Shortens a label to {@code max} characters with an ellipsis. */
    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }

    static String open(double width, double height, String title) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n(width) + " " + n(height) + "\" width=\""
                + n(width) + "\" height=\"" + n(height) + "\" role=\"img\" aria-label=\"" + esc(title) + "\" " + FONT
                + " font-size=\"12\">\n<title>" + esc(title) + "</title>\n"
                + "<rect x=\"0\" y=\"0\" width=\"" + n(width) + "\" height=\"" + n(height) + "\" fill=\"#ffffff\"/>\n";
    }
}
