package dev.chord.reports.compare;

import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.Environment;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.stats.Estimate;
import dev.chord.reports.stats.StatisticalMethod;
import dev.chord.reports.stats.Summary;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every benchmark of two runs compared by id (base order first, then benchmarks new in the second run).
 *
 * @param method                 the statistical settings used
 * @param threshold              the magnitude threshold t (0.05 for 5%)
 * @param base                   the base run's environment
 * @param next                   the new run's environment
 * @param environmentDifferences what differs between the two environments (a warning: comparisons across machines
 *                               or JVMs measure the machine as much as the code)
 * @param results                one comparison per benchmark id
 */
public record Comparison(StatisticalMethod method, double threshold, Environment base, Environment next,
                         List<String> environmentDifferences, List<BenchmarkComparison> results) {

    private static final MannWhitneyUTest MANN_WHITNEY = MannWhitneyUTest.withDefaults()
            .with(AlternativeHypothesis.TWO_SIDED);

    public Comparison {
        environmentDifferences = List.copyOf(environmentDifferences);
        results = List.copyOf(results);
    }

    /** Compares with {@link StatisticalMethod#DEFAULT}; {@code threshold} is a fraction (0.05 for 5%). */
    public static Comparison compare(ResultSet base, ResultSet next, double threshold) {
        return compare(base, next, threshold, StatisticalMethod.DEFAULT);
    }

    public static Comparison compare(ResultSet base, ResultSet next, double threshold, StatisticalMethod method) {
        if (!(threshold > 0 && threshold < 10)) {
            throw new IllegalArgumentException("threshold must be a fraction above 0 (0.05 for 5%), got " + threshold);
        }
        Set<String> ids = new LinkedHashSet<>();
        base.benchmarks().forEach(b -> ids.add(b.id()));
        next.benchmarks().forEach(b -> ids.add(b.id()));
        List<BenchmarkComparison> out = new ArrayList<>();
        for (String id : ids) {
            Benchmark b = base.benchmark(id).orElse(null);
            Benchmark n = next.benchmark(id).orElse(null);
            out.add(compare(b, n, threshold, method));
        }
        return new Comparison(method, threshold, base.environment(), next.environment(),
                environmentDifferences(base.environment(), next.environment()), out);
    }

    /** One benchmark: either side may be null (present in one run only). */
    public static BenchmarkComparison compare(Benchmark base, Benchmark next, double threshold, StatisticalMethod method) {
        if (base == null && next == null) {
            throw new IllegalArgumentException("nothing to compare");
        }
        Summary sb = base == null ? null : Summary.of(base, method);
        Summary sn = next == null ? null : Summary.of(next, method);
        if (base == null) {
            return new BenchmarkComparison(next.id(), null, sn, null, Double.NaN, Verdict.ONLY_IN_NEW,
                    "not in the base run");
        }
        if (next == null) {
            return new BenchmarkComparison(base.id(), sb, null, null, Double.NaN, Verdict.ONLY_IN_BASE,
                    "not in the new run");
        }
        if (!base.unit().equals(next.unit()) || base.higherIsBetter() != next.higherIsBetter()) {
            return new BenchmarkComparison(base.id(), sb, sn, null, Double.NaN, Verdict.UNKNOWN,
                    "units differ: " + describeUnit(base) + " vs " + describeUnit(next));
        }
        Estimate ratio = method.bootstrap().ratioOfMedians(sn.forkMeans(), sb.forkMeans(), method.seedFor(base.id()));
        double p = pValue(sb.forkMeans(), sn.forkMeans());
        DecisionRule.Decision d = DecisionRule.decide(ratio.ci(), p, base.higherIsBetter(), threshold, method.alpha());
        return new BenchmarkComparison(base.id(), sb, sn, ratio, p, d.verdict(), d.reason());
    }

    /** Two-sided Mann–Whitney U p-value; NaN when a side has fewer than 2 forks or the test cannot be computed. */
    static double pValue(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        try {
            return MANN_WHITNEY.test(a, b).getPValue();
        } catch (RuntimeException e) {
            System.getLogger(Comparison.class.getName()).log(System.Logger.Level.DEBUG,
                    "Mann-Whitney U test failed, p-value unknown: " + e);
            return Double.NaN;
        }
    }

    private static String describeUnit(Benchmark b) {
        return b.unit() + (b.higherIsBetter() ? " (higher is better)" : " (lower is better)");
    }

    public boolean hasRegression() {
        return results.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSED);
    }

    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            m.put(v, 0);
        }
        results.forEach(r -> m.merge(r.verdict(), 1, Integer::sum));
        return m;
    }

    /** The environment fields that matter for performance and differ between two runs, as "what: a -> b". */
    public static List<String> environmentDifferences(Environment a, Environment b) {
        List<String> d = new ArrayList<>();
        diff(d, "CPU", a.cpuModel(), b.cpuModel());
        diff(d, "CPU flags", String.join(" ", a.cpuFlags()), String.join(" ", b.cpuFlags()));
        diff(d, "logical cores", Integer.toString(a.cpuLogicalCores()), Integer.toString(b.cpuLogicalCores()));
        diff(d, "JVM", a.jvmVendor() + " " + a.jvmVersion(), b.jvmVendor() + " " + b.jvmVersion());
        diff(d, "JVM flags", String.join(" ", a.jvmFlags()), String.join(" ", b.jvmFlags()));
        diff(d, "vector species", a.vectorSpecies(), b.vectorSpecies());
        diff(d, "threads", Integer.toString(a.threads()), Integer.toString(b.threads()));
        diff(d, "OS", a.os(), b.os());
        return d;
    }

    private static void diff(List<String> out, String what, String a, String b) {
        if (!Objects.equals(a, b)) {
            out.add(what + ": " + a + " -> " + b);
        }
    }
}
