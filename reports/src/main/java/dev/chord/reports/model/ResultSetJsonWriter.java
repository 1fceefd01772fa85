package dev.chord.reports.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** Turns a {@link ResultSet} into its {@value ResultSet#SCHEMA} JSON tree, fields in schema order. */
final class ResultSetJsonWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResultSetJsonWriter() {
    }

    static ObjectNode toJson(ResultSet rs) {
        ObjectNode root = F.objectNode();
        root.put("schema", ResultSet.SCHEMA);
        root.set("environment", environment(rs.environment()));
        ArrayNode bs = root.putArray("benchmarks");
        for (Benchmark b : rs.benchmarks()) {
            bs.add(benchmark(b));
        }
        ArrayNode ts = root.putArray("tables");
        for (ResultTable t : rs.tables()) {
            ts.add(table(t));
        }
        return root;
    }

    static ObjectNode environment(Environment e) {
        ObjectNode n = F.objectNode();
        n.put("chord_version", e.chordVersion());
        n.put("git_commit", e.gitCommit());
        n.put("jvm_vendor", e.jvmVendor());
        n.put("jvm_version", e.jvmVersion());
        n.put("jvm_name", e.jvmName());
        n.set("jvm_flags", strings(e.jvmFlags()));
        n.put("cpu_model", e.cpuModel());
        n.set("cpu_flags", strings(e.cpuFlags()));
        n.put("cpu_logical_cores", e.cpuLogicalCores());
        n.put("vector_species", e.vectorSpecies());
        n.put("threads", e.threads());
        n.put("os", e.os());
        n.put("date", e.date());
        n.set("extra", stringMap(e.extra()));
        return n;
    }

    private static ObjectNode benchmark(Benchmark b) {
        ObjectNode n = F.objectNode();
        n.put("id", b.id());
        n.put("suite", b.suite());
        n.set("params", stringMap(b.params()));
        n.put("unit", b.unit());
        n.put("higher_is_better", b.higherIsBetter());
        if (b.baseline() != null) {
            n.put("baseline", b.baseline());
        }
        ArrayNode forks = n.putArray("forks");
        for (double[] fork : b.forks()) {
            ArrayNode s = forks.addArray();
            for (double v : fork) {
                s.add(v);
            }
        }
        ObjectNode d = n.putObject("derived");
        b.derived().forEach(d::put);
        return n;
    }

    private static ObjectNode table(ResultTable t) {
        ObjectNode n = F.objectNode();
        n.put("name", t.name());
        n.put("kind", t.kind());
        n.put("title", t.title());
        ArrayNode cols = n.putArray("columns");
        for (ResultTable.Column c : t.columns()) {
            ObjectNode cn = cols.addObject();
            cn.put("name", c.name());
            if (!c.unit().isEmpty()) {
                cn.put("unit", c.unit());
            }
            if (!c.description().isEmpty()) {
                cn.put("description", c.description());
            }
        }
        ArrayNode rows = n.putArray("rows");
        for (Map<String, Object> row : t.rows()) {
            ObjectNode rn = rows.addObject();
            row.forEach((k, v) -> rn.set(k, cell(v)));
        }
        if (t.chart() != null) {
            ChartSpec c = t.chart();
            ObjectNode cn = n.putObject("chart");
            cn.put("type", c.type().jsonName());
            cn.put("x", c.x());
            cn.set("y", strings(c.y()));
            cn.set("series", strings(c.series()));
            cn.put("log_x", c.logX());
            cn.put("log_y", c.logY());
        }
        return n;
    }

    private static JsonNode cell(Object v) {
        return switch (v) {
            case null -> F.nullNode();
            case String s -> F.textNode(s);
            case Boolean b -> F.booleanNode(b);
            case Long l -> F.numberNode(l);
            case Integer i -> F.numberNode(i);
            case Short s -> F.numberNode(s);
            case Byte b -> F.numberNode(b);
            case Number num -> F.numberNode(num.doubleValue());
            default -> throw new IllegalArgumentException("unsupported cell " + v.getClass());
        };
    }

    private static ArrayNode strings(List<String> list) {
        ArrayNode a = F.arrayNode();
        list.forEach(a::add);
        return a;
    }

    private static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode o = F.objectNode();
        map.forEach(o::put);
        return o;
    }
}
