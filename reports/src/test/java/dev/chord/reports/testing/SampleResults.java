package dev.chord.reports.testing;

import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.ChartSpec;
import dev.chord.reports.model.Environment;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultTable;
import org.apache.commons.rng.simple.RandomSource;

import java.util.List;

/**
 * A realistic pair of runs of every kind of Chord experiment (kernels with baselines and bytes per op, memory
 * bandwidth, end-to-end tokens/s, an accuracy matrix, a cache sweep), made from seeded synthetic noise. The
 * second run has one deliberate 20% slowdown (q4_K vector kernel) and one 15% speedup (q8_0 vector kernel).
 */
public final class SampleResults {
    /** Formats with ggml block layouts: name, block size, bytes per block (ggml-common.h). */
    private static final Object[][] FORMATS = {{"q4_0", 32, 18}, {"q8_0", 32, 34}, {"q4_K", 256, 144}, {"q6_K", 256, 210}};
    private static final int ROWS = 4096;
    private static final int COLS = 4096;

    private SampleResults() {
    }

    public static Environment environment(String commit) {
        return new Environment("0.1.0-SNAPSHOT", commit, "Eclipse Adoptium", "25+36-LTS", "OpenJDK 64-Bit Server VM",
                List.of("--add-modules=jdk.incubator.vector", "-Xmx4g"), "AMD EPYC 7B13", List.of("avx", "avx2", "fma", "f16c"),
                2, "Species[float, 8, S_256_BIT]", 1, "Linux 6.1.0 amd64", "2026-11-26T10:00:00Z", null);
    }

    public static ResultSet run(long seed, boolean changed) {
        SyntheticBenchmarks gen = new SyntheticBenchmarks(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), 0.02, 0.01);
        ResultSet.Builder rs = ResultSet.builder(environment(changed ? "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        for (Object[] f : FORMATS) {
            String format = (String) f[0];
            long bytes = (long) ROWS * COLS / (int) f[1] * (int) f[2];
            String shape = ROWS + "x" + COLS;
            String scalarId = "matvec/" + format + "/scalar.reference/" + shape + "/t1";
            double scalarNs = bytes / 0.9;
            rs.add(gen.fill(Benchmark.builder(scalarId).suite("kernels").param("op", "matvec").param("format", format)
                    .param("kernel", "scalar.reference").param("shape", shape).param("threads", 1).bytesPerOp(bytes)
                    .timeUnit("ns/op"), scalarNs, 5, 5).build());
            double vectorNs = bytes / 7.5;
            if (changed && format.equals("q4_K")) {
                vectorNs *= 1.2;
            }
            if (changed && format.equals("q8_0")) {
                vectorNs /= 1.15;
            }
            rs.add(gen.fill(Benchmark.builder("matvec/" + format + "/vector.int8/" + shape + "/t1").suite("kernels")
                    .param("op", "matvec").param("format", format).param("kernel", "vector.int8").param("shape", shape)
                    .param("threads", 1).bytesPerOp(bytes).timeUnit("ns/op").baseline(scalarId), vectorNs, 5, 5).build());
        }
        rs.add(gen.fill(Benchmark.builder("membw/read/t1").suite("membw").param("threads", 1).rateUnit("GB/s"), 11.5, 5, 5)
                .build());
        for (String policy : List.of("cache.LRU", "cache.Belady")) {
            for (String prefetch : List.of("none", "next-layer")) {
                double tps = (policy.equals("cache.LRU") ? 18 : 21) * (prefetch.equals("none") ? 1 : 1.3);
                rs.add(gen.fill(Benchmark.builder("e2e/tiny-llama/" + policy + "/" + prefetch + "/t2").suite("e2e")
                        .param("model", "tiny-llama").param("policy", policy).param("prefetch", prefetch)
                        .param("threads", 2).rateUnit("tok/s"), tps, 5, 8).build());
            }
        }
        ResultTable.Builder acc = ResultTable.builder("accuracy").kind("accuracy").title("Accuracy per format")
                .column("format").column("rmse", "", "root mean square error of dequantized weights against F64 reference")
                .column("max_abs_err").column("bit_exact", "", "quantized bytes identical to llama.cpp's")
                .chart(ChartSpec.bar("format", "rmse").withLogY());
        double[] rmse = {0.0124, 0.00078, 0.0061, 0.0022};
        for (int i = 0; i < FORMATS.length; i++) {
            acc.row("format", FORMATS[i][0], "rmse", rmse[i], "max_abs_err", rmse[i] * 4.1, "bit_exact", true);
        }
        rs.add(acc.build());
        ResultTable.Builder sweep = ResultTable.builder("cache_sweep").kind("cache_sweep").title("Cache hit ratio over the budget")
                .column("policy").column("prefetch").column("budget_mb", "MB", "").column("hit_ratio", "", "")
                .chart(ChartSpec.line("budget_mb", "hit_ratio").withSeries("policy", "prefetch").withLogX());
        for (String policy : List.of("cache.LRU", "cache.Belady")) {
            for (String prefetch : List.of("none", "next-layer")) {
                for (int mb : new int[] {16, 32, 64, 128, 256, 512}) {
                    double h = 1 - Math.exp(-mb / (policy.equals("cache.LRU") ? 160.0 : 110.0));
                    if (prefetch.equals("next-layer")) {
                        h = Math.min(1, h * 1.08);
                    }
                    sweep.row("policy", policy, "prefetch", prefetch, "budget_mb", (long) mb, "hit_ratio", h);
                }
            }
        }
        rs.add(sweep.build());
        return rs.build();
    }
}
