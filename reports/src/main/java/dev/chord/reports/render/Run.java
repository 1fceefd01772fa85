package dev.chord.reports.render;

import dev.chord.reports.model.ResultSet;

import java.util.Objects;

/** A result set with the label a report shows for it (usually its file name). */
public record Run(String label, ResultSet results) {
    public Run {
        Objects.requireNonNull(label);
        Objects.requireNonNull(results);
    }
}
