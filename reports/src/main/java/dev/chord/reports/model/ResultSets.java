package dev.chord.reports.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@value ResultSet#SCHEMA} JSON files. */
public final class ResultSets {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Results files are small; a larger file is refused before it is read (a hostile or wrong input). */
    static final long MAX_FILE_BYTES = 256L << 20;

    private ResultSets() {
    }

    /**
     * Reads and validates a results file.
     *
     * @throws ResultFormatException naming the file and field when it is not JSON or breaks the schema
     * @throws IOException           when it cannot be read
     */
    public static ResultSet read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new ResultFormatException(file.toString(), "", "is " + size + " bytes; results files above "
                    + MAX_FILE_BYTES + " bytes are refused");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ResultFormatException(file.toString(), "", "not UTF-8 text, expected a " + ResultSet.SCHEMA
                    + " JSON file");
        }
        return parse(text, file.toString());
    }

    /** Parses a results document; {@code source} names it in error messages. */
    public static ResultSet parse(String json, String source) throws ResultFormatException {
        return new ResultSetJsonReader(source).read(json);
    }

    /**
     * Pools the forks of several runs of the same code into one result set: benchmarks with the same id get the
     * forks of every run, in order (for interleaved runs: base fork 1, new fork 1, base fork 2, ... collected
     * per side). Environment and tables come from the first run; benchmarks must agree on suite, unit and direction.
     */
    public static ResultSet poolForks(java.util.List<ResultSet> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool");
        }
        java.util.Map<String, Benchmark> pooled = new java.util.LinkedHashMap<>();
        for (ResultSet rs : runs) {
            for (Benchmark b : rs.benchmarks()) {
                Benchmark prev = pooled.get(b.id());
                if (prev == null) {
                    pooled.put(b.id(), b);
                    continue;
                }
                if (!prev.suite().equals(b.suite()) || !prev.unit().equals(b.unit())
                        || prev.higherIsBetter() != b.higherIsBetter()) {
                    throw new IllegalArgumentException("benchmark '" + b.id() + "' differs between runs: "
                            + prev.suite() + " " + prev.unit() + " vs " + b.suite() + " " + b.unit());
                }
                java.util.List<double[]> forks = new java.util.ArrayList<>(prev.forks());
                forks.addAll(b.forks());
                pooled.put(b.id(), new Benchmark(prev.id(), prev.suite(), prev.params(), prev.unit(),
                        prev.higherIsBetter(), prev.baseline(), forks, prev.derived()));
            }
        }
        ResultSet first = runs.getFirst();
        return new ResultSet(first.environment(), java.util.List.copyOf(pooled.values()), first.tables());
    }

    public static void write(ResultSet results, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(results) + System.lineSeparator());
    }

    /** The indented JSON text of a result set. */
    public static String toJson(ResultSet results) {
        try {
            return MAPPER.writeValueAsString(toJsonTree(results));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode toJsonTree(ResultSet results) {
        return ResultSetJsonWriter.toJson(results);
    }

    /** The JSON tree of an environment (as it appears inside a results file). */
    public static ObjectNode toJsonTree(Environment environment) {
        return ResultSetJsonWriter.environment(environment);
    }
}
