package dev.chord.reports.model;

import java.io.IOException;

/** A results file that is not JSON or does not follow the schema; the message names the file and the field. */
public final class ResultFormatException extends IOException {
    private final String source;
    private final String field;

    public ResultFormatException(String source, String field, String problem) {
        super(source + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.source = source;
        this.field = field;
    }

    /** The file (or other source name) that was read. */
    public String source() {
        return source;
    }

    /** The JSON path of the offending field, e.g. {@code benchmarks[2].forks[0][3]}; empty for the whole file. */
    public String field() {
        return field;
    }
}
