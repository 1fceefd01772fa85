package dev.chord.reports.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Non-timing results as rows of named cells: an accuracy matrix, a cache-simulation sweep. Cells are strings,
 * numbers, booleans or null (missing); every cell names a declared column.
 *
 * @param name    unique key within the result set (also the CSV file name), e.g. {@code accuracy}
 * @param kind    what the rows are, e.g. {@code accuracy}, {@code cache_sweep}; free text, groups report sections
 * @param title   heading in reports (defaults to the name)
 * @param columns the columns in display order
 * @param rows    one map per row from column name to cell
 * @param chart   how a report should plot the table, or null for no chart
 */
public record ResultTable(String name, String kind, String title, List<Column> columns,
                          List<Map<String, Object>> rows, ChartSpec chart) {

    public ResultTable {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("table name is missing or blank");
        }
        kind = kind == null || kind.isBlank() ? "table" : kind;
        title = title == null || title.isBlank() ? name : title;
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("table '" + name + "': duplicate column '" + c.name() + "'");
            }
        }
        List<Map<String, Object>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (var e : rows.get(r).entrySet()) {
                if (!names.contains(e.getKey())) {
                    throw new IllegalArgumentException("table '" + name + "' row " + r + ": cell '" + e.getKey()
                            + "' is not a declared column");
                }
                Object v = e.getValue();
                if (v != null && !(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                    throw new IllegalArgumentException("table '" + name + "' row " + r + ": cell '" + e.getKey()
                            + "' is a " + v.getClass().getSimpleName() + "; cells are strings, numbers, booleans or null");
                }
                if (v instanceof Number n && !Double.isFinite(n.doubleValue())) {
                    throw new IllegalArgumentException("table '" + name + "' row " + r + ": cell '" + e.getKey()
                            + "' is " + n + "; numbers must be finite (use null for missing)");
                }
                row.put(e.getKey(), v);
            }
            copy.add(Collections.unmodifiableMap(row));
        }
        rows = Collections.unmodifiableList(copy);
        if (chart != null) {
            for (String c : chart.columns()) {
                if (!names.contains(c)) {
                    throw new IllegalArgumentException("table '" + name + "': chart names column '" + c
                            + "', which is not declared");
                }
            }
        }
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A table column: name, optional unit and description. */
    public record Column(String name, String unit, String description) {
        public Column {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("column name is missing or blank");
            }
            unit = unit == null ? "" : unit;
            description = description == null ? "" : description;
        }

        public static Column of(String name) {
            return new Column(name, "", "");
        }

        /** Header text: the name, with the unit in parentheses when there is one. */
        public String header() {
            return unit.isEmpty() ? name : name + " (" + unit + ")";
        }
    }

    /** Builds a table row by row. */
    public static final class Builder {
        private final String name;
        private String kind;
        private String title;
        private final List<Column> columns = new ArrayList<>();
        private final List<Map<String, Object>> rows = new ArrayList<>();
        private ChartSpec chart;

        private Builder(String name) {
            this.name = name;
        }

        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder column(String name) {
            return column(name, "", "");
        }

        public Builder column(String name, String unit, String description) {
            columns.add(new Column(name, unit, description));
            return this;
        }

        /** Adds a row; values alternate column name and cell: {@code row("format", "q4_K", "rmse", 0.012)}. */
        public Builder row(Object... namesAndCells) {
            if (namesAndCells.length % 2 != 0) {
                throw new IllegalArgumentException("row(...) takes column name, cell pairs");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < namesAndCells.length; i += 2) {
                row.put(String.valueOf(namesAndCells[i]), namesAndCells[i + 1]);
            }
            rows.add(row);
            return this;
        }

        public Builder row(Map<String, ?> cells) {
            rows.add(new LinkedHashMap<>(cells));
            return this;
        }

        public Builder chart(ChartSpec chart) {
            this.chart = Objects.requireNonNull(chart);
            return this;
        }

        public ResultTable build() {
            return new ResultTable(name, kind, title, columns, rows, chart);
        }
    }
}
