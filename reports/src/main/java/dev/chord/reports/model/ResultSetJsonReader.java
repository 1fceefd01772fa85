package dev.chord.reports.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a {@value ResultSet#SCHEMA} document. Every problem becomes a {@link ResultFormatException}
 * naming the source and the JSON path of the field. Unknown fields are ignored so that newer producers stay
 * readable; missing environment fields read as {@value Environment#UNKNOWN}.
 */
final class ResultSetJsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String source;

    ResultSetJsonReader(String source) {
        this.source = source;
    }

    ResultSet read(String json) throws ResultFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ResultFormatException(source, "", "not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()) + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new ResultFormatException(source, "", "empty file, expected a " + ResultSet.SCHEMA + " JSON object");
        }
        object(root, "");
        JsonNode schema = root.get("schema");
        if (schema == null) {
            throw new ResultFormatException(source, "schema", "missing; expected \"" + ResultSet.SCHEMA
                    + "\" (is this a Chord results file?)");
        }
        if (!schema.isTextual() || !schema.asText().equals(ResultSet.SCHEMA)) {
            throw new ResultFormatException(source, "schema", "is " + schema + "; this Chord reads \""
                    + ResultSet.SCHEMA + "\"");
        }
        Environment env = environment(required(root, "", "environment"), "environment");
        List<Benchmark> benchmarks = new ArrayList<>();
        JsonNode bs = root.get("benchmarks");
        if (bs != null && !bs.isNull()) {
            array(bs, "benchmarks");
            for (int i = 0; i < bs.size(); i++) {
                benchmarks.add(benchmark(bs.get(i), "benchmarks[" + i + "]"));
            }
        }
        List<ResultTable> tables = new ArrayList<>();
        JsonNode ts = root.get("tables");
        if (ts != null && !ts.isNull()) {
            array(ts, "tables");
            for (int i = 0; i < ts.size(); i++) {
                tables.add(table(ts.get(i), "tables[" + i + "]"));
            }
        }
        for (int i = 0; i < benchmarks.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (benchmarks.get(i).id().equals(benchmarks.get(j).id())) {
                    throw new ResultFormatException(source, "benchmarks[" + i + "].id", "duplicate id '"
                            + benchmarks.get(i).id() + "' (also benchmarks[" + j + "])");
                }
            }
        }
        for (int i = 0; i < benchmarks.size(); i++) {
            String base = benchmarks.get(i).baseline();
            if (base != null && benchmarks.stream().noneMatch(b -> b.id().equals(base))) {
                throw new ResultFormatException(source, "benchmarks[" + i + "].baseline", "'" + base
                        + "' is not the id of a benchmark in this file");
            }
        }
        for (int i = 0; i < tables.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (tables.get(i).name().equals(tables.get(j).name())) {
                    throw new ResultFormatException(source, "tables[" + i + "].name", "duplicate table name '"
                            + tables.get(i).name() + "'");
                }
            }
        }
        return new ResultSet(env, benchmarks, tables);
    }

    private Environment environment(JsonNode n, String path) throws ResultFormatException {
        object(n, path);
        return new Environment(
                optText(n, path, "chord_version"), optText(n, path, "git_commit"), optText(n, path, "jvm_vendor"),
                optText(n, path, "jvm_version"), optText(n, path, "jvm_name"), optStrings(n, path, "jvm_flags"),
                optText(n, path, "cpu_model"), optStrings(n, path, "cpu_flags"), optInt(n, path, "cpu_logical_cores"),
                optText(n, path, "vector_species"), optInt(n, path, "threads"), optText(n, path, "os"),
                optText(n, path, "date"), optStringMap(n, path, "extra"));
    }

    private Benchmark benchmark(JsonNode n, String path) throws ResultFormatException {
        object(n, path);
        String id = text(n, path, "id");
        String suite = text(n, path, "suite");
        String unit = text(n, path, "unit");
        JsonNode hib = required(n, path, "higher_is_better");
        if (!hib.isBoolean()) {
            throw wrongType(path + ".higher_is_better", "true or false", hib);
        }
        Map<String, String> params = optStringMap(n, path, "params");
        String baseline = optText(n, path, "baseline");
        JsonNode forksNode = required(n, path, "forks");
        array(forksNode, path + ".forks");
        if (forksNode.isEmpty()) {
            throw new ResultFormatException(source, path + ".forks", "is empty; expected at least one fork of samples");
        }
        List<double[]> forks = new ArrayList<>();
        for (int f = 0; f < forksNode.size(); f++) {
            String fp = path + ".forks[" + f + "]";
            JsonNode fork = forksNode.get(f);
            array(fork, fp);
            if (fork.isEmpty()) {
                throw new ResultFormatException(source, fp, "is empty; expected at least one sample");
            }
            double[] s = new double[fork.size()];
            for (int i = 0; i < s.length; i++) {
                JsonNode v = fork.get(i);
                if (!v.isNumber()) {
                    throw wrongType(fp + "[" + i + "]", "a number", v);
                }
                s[i] = v.asDouble();
                if (!(s[i] > 0) || Double.isInfinite(s[i])) {
                    throw new ResultFormatException(source, fp + "[" + i + "]", "is " + v
                            + "; samples must be finite and greater than zero");
                }
            }
            forks.add(s);
        }
        Map<String, Double> derived = new LinkedHashMap<>();
        JsonNode d = n.get("derived");
        if (d != null && !d.isNull()) {
            object(d, path + ".derived");
            for (var it = d.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isNumber()) {
                    throw wrongType(path + ".derived." + e.getKey(), "a number", e.getValue());
                }
                derived.put(e.getKey(), e.getValue().asDouble());
            }
        }
        try {
            return new Benchmark(id, suite, params, unit, hib.asBoolean(), baseline, forks, derived);
        } catch (IllegalArgumentException e) {
            throw new ResultFormatException(source, path, e.getMessage());
        }
    }

    private ResultTable table(JsonNode n, String path) throws ResultFormatException {
        object(n, path);
        String name = text(n, path, "name");
        String kind = optText(n, path, "kind");
        String title = optText(n, path, "title");
        JsonNode cols = required(n, path, "columns");
        array(cols, path + ".columns");
        List<ResultTable.Column> columns = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            String cp = path + ".columns[" + c + "]";
            JsonNode col = cols.get(c);
            object(col, cp);
            columns.add(new ResultTable.Column(text(col, cp, "name"), optText(col, cp, "unit"),
                    optText(col, cp, "description")));
        }
        List<String> names = columns.stream().map(ResultTable.Column::name).toList();
        for (int c = 0; c < names.size(); c++) {
            if (names.indexOf(names.get(c)) != c) {
                throw new ResultFormatException(source, path + ".columns[" + c + "].name", "duplicate column '"
                        + names.get(c) + "'");
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        JsonNode rs = required(n, path, "rows");
        array(rs, path + ".rows");
        for (int r = 0; r < rs.size(); r++) {
            String rp = path + ".rows[" + r + "]";
            JsonNode row = rs.get(r);
            object(row, rp);
            Map<String, Object> cells = new LinkedHashMap<>();
            for (var it = row.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!names.contains(e.getKey())) {
                    throw new ResultFormatException(source, rp + "." + e.getKey(), "is not a declared column (columns: "
                            + String.join(", ", names) + ")");
                }
                cells.put(e.getKey(), cell(e.getValue(), rp + "." + e.getKey()));
            }
            rows.add(cells);
        }
        ChartSpec chart = null;
        JsonNode ch = n.get("chart");
        if (ch != null && !ch.isNull()) {
            chart = chart(ch, path + ".chart", names);
        }
        try {
            return new ResultTable(name, kind, title, columns, rows, chart);
        } catch (IllegalArgumentException e) {
            throw new ResultFormatException(source, path, e.getMessage());
        }
    }

    private ChartSpec chart(JsonNode n, String path, List<String> columns) throws ResultFormatException {
        object(n, path);
        String type = text(n, path, "type");
        ChartSpec.ChartType t;
        try {
            t = ChartSpec.ChartType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResultFormatException(source, path + ".type", "is \"" + type + "\"; expected \"bar\" or \"line\"");
        }
        String x = text(n, path, "x");
        List<String> y = optStrings(n, path, "y");
        if (y.isEmpty()) {
            throw new ResultFormatException(source, path + ".y", "missing or empty; expected a list of numeric columns");
        }
        List<String> series = optStrings(n, path, "series");
        List<String> all = new ArrayList<>();
        all.add(x);
        all.addAll(y);
        all.addAll(series);
        for (String c : all) {
            if (!columns.contains(c)) {
                throw new ResultFormatException(source, path, "names column '" + c + "', which is not declared");
            }
        }
        return new ChartSpec(t, x, y, series, optBool(n, path, "log_x"), optBool(n, path, "log_y"));
    }

    private Object cell(JsonNode v, String path) throws ResultFormatException {
        return switch (v.getNodeType()) {
            case NULL -> null;
            case STRING -> v.asText();
            case BOOLEAN -> v.asBoolean();
            case NUMBER -> v.isIntegralNumber() && v.canConvertToLong() ? (Object) v.asLong() : (Object) v.asDouble();
            default -> throw wrongType(path, "a string, number, boolean or null", v);
        };
    }

    private JsonNode required(JsonNode n, String path, String field) throws ResultFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new ResultFormatException(source, join(path, field), "missing");
        }
        return v;
    }

    private String text(JsonNode n, String path, String field) throws ResultFormatException {
        JsonNode v = required(n, path, field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw wrongType(join(path, field), "a non-empty string", v);
        }
        return v.asText();
    }

    private String optText(JsonNode n, String path, String field) throws ResultFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(join(path, field), "a string", v);
        }
        return v.asText();
    }

    private int optInt(JsonNode n, String path, String field) throws ResultFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isInt() || v.asInt() < 0) {
            throw wrongType(join(path, field), "a non-negative integer", v);
        }
        return v.asInt();
    }

    private boolean optBool(JsonNode n, String path, String field) throws ResultFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw wrongType(join(path, field), "true or false", v);
        }
        return v.asBoolean();
    }

    private List<String> optStrings(JsonNode n, String path, String field) throws ResultFormatException {
        JsonNode v = n.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        array(v, join(path, field));
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw wrongType(join(path, field) + "[" + i + "]", "a string", v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /** A JSON object of scalars read as strings (numbers and booleans keep their JSON text). */
    private Map<String, String> optStringMap(JsonNode n, String path, String field) throws ResultFormatException {
        JsonNode v = n.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        object(v, join(path, field));
        for (var it = v.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw wrongType(join(path, field) + "." + e.getKey(), "a string", e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private void object(JsonNode n, String path) throws ResultFormatException {
        if (!n.isObject()) {
            throw wrongType(path, "an object", n);
        }
    }

    private void array(JsonNode n, String path) throws ResultFormatException {
        if (!n.isArray()) {
            throw wrongType(path, "an array", n);
        }
    }

    private ResultFormatException wrongType(String path, String expected, JsonNode got) {
        return new ResultFormatException(source, path, "expected " + expected + ", got " + describe(got));
    }

    private static String describe(JsonNode n) {
        JsonNodeType t = n.getNodeType();
        String s = n.toString();
        if (s.length() > 40) {
            s = s.substring(0, 37) + "...";
        }
        return switch (t) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "the string " + s;
            case NUMBER -> "the number " + s;
            case BOOLEAN -> s;
            case NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
