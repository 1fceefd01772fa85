package dev.chord.reports.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one run of an experiment produced: where it ran, its timings and its result tables.
 * Benchmark ids and table names are unique; a benchmark's {@code baseline} names a benchmark of the same set.
 */
public record ResultSet(Environment environment, List<Benchmark> benchmarks, List<ResultTable> tables) {

    /** The schema identifier written into every file; bumped only on an incompatible change. */
    public static final String SCHEMA = "chord.results/1";

    public ResultSet {
        Objects.requireNonNull(environment, "environment");
        benchmarks = List.copyOf(benchmarks);
        tables = List.copyOf(tables);
        Set<String> ids = new HashSet<>();
        for (Benchmark b : benchmarks) {
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("duplicate benchmark id '" + b.id() + "'");
            }
        }
        for (Benchmark b : benchmarks) {
            if (b.baseline() != null && !ids.contains(b.baseline())) {
                throw new IllegalArgumentException("benchmark '" + b.id() + "': baseline '" + b.baseline()
                        + "' is not a benchmark of this result set");
            }
        }
        Set<String> names = new HashSet<>();
        for (ResultTable t : tables) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate table name '" + t.name() + "'");
            }
        }
    }

    public Optional<Benchmark> benchmark(String id) {
        return benchmarks.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public Optional<ResultTable> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public static Builder builder(Environment environment) {
        return new Builder(environment);
    }

    /** Collects benchmarks and tables as an experiment produces them. */
    public static final class Builder {
        private final Environment environment;
        private final List<Benchmark> benchmarks = new ArrayList<>();
        private final List<ResultTable> tables = new ArrayList<>();

        private Builder(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
        }

        public Builder add(Benchmark benchmark) {
            benchmarks.add(Objects.requireNonNull(benchmark));
            return this;
        }

        public Builder add(ResultTable table) {
            tables.add(Objects.requireNonNull(table));
            return this;
        }

        public ResultSet build() {
            return new ResultSet(environment, benchmarks, tables);
        }
    }
}
