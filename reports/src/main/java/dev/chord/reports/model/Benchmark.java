package dev.chord.reports.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One measured quantity: samples grouped by JVM fork (the fork is the unit of replication: samples of one fork
 * share its JIT decisions, heap layout and frequency state, so they are not independent).
 *
 * @param id             stable key that {@code chord compare} matches on, e.g. {@code matvec/q4_K/vector.int8/4096x4096/t1}
 * @param suite          what kind of experiment, e.g. {@code kernels}, {@code e2e}, {@code membw}
 * @param params         the configuration as strings, in the producer's order (kernel, format, shape, threads, ...)
 * @param unit           unit of every sample, e.g. {@code ns/op}, {@code tok/s}, {@code GB/s}
 * @param higherIsBetter true for throughputs, false for times
 * @param baseline       id of a benchmark in the same result set this one is a speedup over, or null
 * @param forks          samples per fork; every fork has at least one finite sample greater than zero
 * @param derived        extra numbers the producer computed (shown in tables, not used in statistics)
 */
public record Benchmark(String id, String suite, Map<String, String> params, String unit, boolean higherIsBetter,
                        String baseline, List<double[]> forks, Map<String, Double> derived) {

    /** Parameter naming the weight bytes one operation streams; turns a time per op into weight GB/s. */
    public static final String PARAM_BYTES_PER_OP = "bytes_per_op";

    public Benchmark {
        requireText(id, "id");
        requireText(suite, "suite");
        requireText(unit, "unit");
        if (baseline != null && baseline.equals(id)) {
            throw new IllegalArgumentException("benchmark '" + id + "': baseline is itself");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
        derived = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(derived, "derived")));
        if (forks.isEmpty()) {
            throw new IllegalArgumentException("benchmark '" + id + "': no forks");
        }
        List<double[]> copy = new ArrayList<>(forks.size());
        for (int f = 0; f < forks.size(); f++) {
            double[] s = forks.get(f);
            if (s.length == 0) {
                throw new IllegalArgumentException("benchmark '" + id + "': fork " + f + " has no samples");
            }
            for (int i = 0; i < s.length; i++) {
                if (!(s[i] > 0) || Double.isInfinite(s[i])) {
                    throw new IllegalArgumentException("benchmark '" + id + "': fork " + f + " sample " + i
                            + " is " + s[i] + "; samples must be finite and greater than zero");
                }
            }
            copy.add(s.clone());
        }
        forks = Collections.unmodifiableList(copy);
        for (var e : derived.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("benchmark '" + id + "': derived '" + e.getKey() + "' is not a finite number");
            }
        }
    }

    /** Value equality, fork samples included (a record would compare the arrays by identity). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Benchmark b)) {
            return false;
        }
        if (forks.size() != b.forks.size()) {
            return false;
        }
        for (int f = 0; f < forks.size(); f++) {
            if (!java.util.Arrays.equals(forks.get(f), b.forks.get(f))) {
                return false;
            }
        }
        return id.equals(b.id) && suite.equals(b.suite) && params.equals(b.params) && unit.equals(b.unit)
                && higherIsBetter == b.higherIsBetter && Objects.equals(baseline, b.baseline) && derived.equals(b.derived);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(id, suite, params, unit, higherIsBetter, baseline, derived);
        for (double[] s : forks) {
            h = 31 * h + java.util.Arrays.hashCode(s);
        }
        return h;
    }

    @Override
    public String toString() {
        return "Benchmark[" + id + ", " + unit + ", " + forks.size() + " forks]";
    }

    private static void requireText(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("benchmark field '" + field + "' is missing or blank");
        }
    }

    /** Samples of fork {@code f} (a copy). */
    public double[] fork(int f) {
        return forks.get(f).clone();
    }

    public int forkCount() {
        return forks.size();
    }

    public int sampleCount() {
        return forks.stream().mapToInt(s -> s.length).sum();
    }

    /** The mean of each fork's samples: one replicate per fork. */
    public double[] forkMeans() {
        double[] m = new double[forks.size()];
        for (int f = 0; f < m.length; f++) {
            double sum = 0;
            for (double v : forks.get(f)) {
                sum += v;
            }
            m[f] = sum / forks.get(f).length;
        }
        return m;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a benchmark fork by fork: {@code builder(id).suite("kernels").unit("ns/op").fork(samples)...}. */
    public static final class Builder {
        private final String id;
        private String suite;
        private final Map<String, String> params = new LinkedHashMap<>();
        private String unit;
        private boolean higherIsBetter;
        private String baseline;
        private final List<double[]> forks = new ArrayList<>();
        private final Map<String, Double> derived = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder suite(String suite) {
            this.suite = suite;
            return this;
        }

        public Builder param(String key, Object value) {
            params.put(key, String.valueOf(value));
            return this;
        }

        /** Weight bytes one operation streams (see {@link #PARAM_BYTES_PER_OP}). */
        public Builder bytesPerOp(long bytes) {
            return param(PARAM_BYTES_PER_OP, bytes);
        }

        /** A time per operation: lower is better. */
        public Builder timeUnit(String unit) {
            this.unit = unit;
            this.higherIsBetter = false;
            return this;
        }

        /** A rate such as {@code tok/s} or {@code GB/s}: higher is better. */
        public Builder rateUnit(String unit) {
            this.unit = unit;
            this.higherIsBetter = true;
            return this;
        }

        public Builder unit(String unit, boolean higherIsBetter) {
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
            return this;
        }

        public Builder baseline(String baselineId) {
            this.baseline = baselineId;
            return this;
        }

        /** Adds one fork's samples. */
        public Builder fork(double... samples) {
            forks.add(samples.clone());
            return this;
        }

        public Builder derived(String key, double value) {
            derived.put(key, value);
            return this;
        }

        public Benchmark build() {
            return new Benchmark(id, suite, params, unit, higherIsBetter, baseline, forks, derived);
        }
    }
}
