package dev.chord.harness.inspect;

import dev.chord.gguf.GgufArray;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;
import dev.chord.gguf.GgufValue;
import dev.chord.gguf.GgufValueType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code chord inspect} prints about a GGUF file, as text for people and as JSON for scripts.
 *
 * <p>JSON schema (stable; documented in the README): {@code file}, {@code file_size}, {@code version},
 * {@code alignment}, {@code data_offset}, {@code metadata} (an object, one entry per key in file order:
 * {@code {"type": T, "value": V}}, or for arrays {@code {"type": "ARRAY", "element_type": T, "length": N,
 * "values": [...]}} where {@code values} holds the first {@code maxArrayItems} items and
 * {@code truncated} says whether there were more), {@code tensors} (an array in file order of
 * {@code {"name", "type", "type_id", "shape", "offset", "bytes"}}; {@code offset} is absolute in the file),
 * and {@code totals} ({@code tensor_count}, {@code parameter_count}, {@code tensor_bytes}).
 */
public final class GgufInspection {

    private GgufInspection() {
    }

    public static Map<String, Object> toJson(GgufFile f, int maxArrayItems) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", f.path().toString());
        root.put("file_size", f.fileSize());
        root.put("version", f.version());
        root.put("alignment", f.alignment());
        root.put("data_offset", f.dataOffset());
        Map<String, Object> md = new LinkedHashMap<>();
        for (Map.Entry<String, GgufValue> e : f.metadata().asMap().entrySet()) {
            md.put(e.getKey(), valueJson(e.getValue(), maxArrayItems));
        }
        root.put("metadata", md);
        List<Object> ts = new ArrayList<>();
        for (GgufTensorInfo t : f.tensors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("type", t.type().ggmlName());
            m.put("type_id", t.type().id());
            m.put("shape", t.shape());
            m.put("offset", f.absoluteOffset(t));
            m.put("bytes", t.byteSize());
            ts.add(m);
        }
        root.put("tensors", ts);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("tensor_count", f.tensors().size());
        totals.put("parameter_count", f.parameterCount());
        totals.put("tensor_bytes", f.tensorBytes());
        root.put("totals", totals);
        return root;
    }

    private static Object valueJson(GgufValue v, int maxItems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", v.type().name());
        if (v.type() == GgufValueType.ARRAY) {
            GgufArray a = v.asArray();
            m.put("element_type", a.elementType().name());
            m.put("length", a.length());
            if (a.elementType() == GgufValueType.ARRAY) {
                List<Object> nested = new ArrayList<>();
                for (int i = 0; i < Math.min(maxItems, a.length()); i++) {
                    nested.add(valueJson(a.get(i), maxItems));
                }
                m.put("values", nested);
            } else {
                m.put("values", a.toPlainList(maxItems));
            }
            m.put("truncated", a.length() > maxItems);
        } else {
            m.put("value", v.toPlain());
        }
        return m;
    }

    public static String toText(GgufFile f, int maxArrayItems) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: GGUF v%d, %s, alignment %d, data at offset %d%n", f.path(),
                f.version(), bytes(f.fileSize()), f.alignment(), f.dataOffset()));
        sb.append(String.format(Locale.ROOT, "%nmetadata (%d keys)%n", f.metadata().size()));
        int kw = f.metadata().keys().stream().mapToInt(String::length).max().orElse(3);
        for (Map.Entry<String, GgufValue> e : f.metadata().asMap().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-" + kw + "s  %-7s  %s%n", e.getKey(), e.getValue().type(),
                    e.getValue().display(maxArrayItems)));
        }
        sb.append(String.format(Locale.ROOT, "%ntensors (%d)%n", f.tensors().size()));
        if (!f.tensors().isEmpty()) {
            int nw = Math.max(4, f.tensors().stream().mapToInt(t -> t.name().length()).max().orElse(4));
            sb.append(String.format(Locale.ROOT, "  %-" + nw + "s  %-7s  %-22s  %14s  %14s%n", "name", "type", "shape",
                    "offset", "bytes"));
            for (GgufTensorInfo t : f.tensors()) {
                sb.append(String.format(Locale.ROOT, "  %-" + nw + "s  %-7s  %-22s  %14d  %14d%n", t.name(),
                        t.type().ggmlName(), shape(t.shape()), f.absoluteOffset(t), t.byteSize()));
            }
        }
        long params = f.parameterCount();
        long tb = f.tensorBytes();
        sb.append(String.format(Locale.ROOT, "%ntotals: %d tensors, %,d parameters (%s), %s of tensor data%s%n",
                f.tensors().size(), params, humanCount(params), bytes(tb),
                params == 0 ? "" : String.format(Locale.ROOT, ", %.2f bits per parameter", 8.0 * tb / params)));
        return sb.toString();
    }

    static String shape(long[] s) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(s[i]);
        }
        return sb.append(']').toString();
    }

    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }

    public static String humanCount(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f B", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.1f K", n / 1e3);
        }
        return Long.toString(n);
    }
}
