package dev.chord.reports.model;

import java.util.Map;
import java.util.OptionalDouble;

/** Interprets the unit strings of benchmarks that reports compute with (times per operation, bandwidths). */
public final class Units {
    private static final Map<String, Double> SECONDS = Map.of(
            "ns/op", 1e-9, "us/op", 1e-6, "µs/op", 1e-6, "ms/op", 1e-3, "s/op", 1.0,
            "ns", 1e-9, "us", 1e-6, "µs", 1e-6, "ms", 1e-3, "s", 1.0);
    private static final Map<String, Double> GB_PER_S = Map.of(
            "B/s", 1e-9, "kB/s", 1e-6, "KB/s", 1e-6, "MB/s", 1e-3, "GB/s", 1.0, "TB/s", 1e3,
            "KiB/s", 1024 / 1e9, "MiB/s", 1048576 / 1e9, "GiB/s", 1073741824 / 1e9);

    private Units() {
    }

    /** Seconds per unit when {@code unit} is a time per operation ("ns/op", "ms", ...), else empty. */
    public static OptionalDouble secondsPer(String unit) {
        Double f = SECONDS.get(unit.strip());
        return f == null ? OptionalDouble.empty() : OptionalDouble.of(f);
    }

    /** GB/s (10^9 bytes per second) per unit when {@code unit} is a bandwidth ("MB/s", "GiB/s", ...), else empty. */
    public static OptionalDouble gigabytesPerSecondPer(String unit) {
        Double f = GB_PER_S.get(unit.strip());
        return f == null ? OptionalDouble.empty() : OptionalDouble.of(f);
    }
}
