package dev.chord.reports.testing;

import dev.chord.reports.model.Benchmark;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Seeded fake measurements with the noise structure of real JVM benchmarks: each fork draws its own level
 * (lognormal, sigma {@code forkSigma}: JIT and layout luck persist for the fork's lifetime) and each sample
 * scatters around it (lognormal, sigma {@code sampleSigma}).
 */
public final class SyntheticBenchmarks {
    private final UniformRandomProvider rng;
    private final ZigguratSampler.NormalizedGaussian gauss;
    private final double forkSigma;
    private final double sampleSigma;

    public SyntheticBenchmarks(UniformRandomProvider rng, double forkSigma, double sampleSigma) {
        this.rng = rng;
        this.gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        this.forkSigma = forkSigma;
        this.sampleSigma = sampleSigma;
    }

    public UniformRandomProvider rng() {
        return rng;
    }

    /** A time benchmark (ns/op, lower is better) whose true median per fork is {@code trueValue}. */
    public Benchmark time(String id, double trueValue, int forks, int samplesPerFork) {
        return fill(Benchmark.builder(id).suite("kernels").timeUnit("ns/op"), trueValue, forks, samplesPerFork).build();
    }

    /** A rate benchmark (tok/s, higher is better). */
    public Benchmark rate(String id, double trueValue, int forks, int samplesPerFork) {
        return fill(Benchmark.builder(id).suite("e2e").rateUnit("tok/s"), trueValue, forks, samplesPerFork).build();
    }

    public Benchmark.Builder fill(Benchmark.Builder b, double trueValue, int forks, int samplesPerFork) {
        for (int f = 0; f < forks; f++) {
            double level = trueValue * Math.exp(forkSigma * gauss.sample());
            double[] s = new double[samplesPerFork];
            for (int i = 0; i < s.length; i++) {
                s[i] = level * Math.exp(sampleSigma * gauss.sample());
            }
            b.fork(s);
        }
        return b;
    }
}
