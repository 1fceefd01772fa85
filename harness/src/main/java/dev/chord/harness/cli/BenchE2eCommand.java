package dev.chord.harness.cli;

import dev.chord.harness.bench.EndToEndBench;
import dev.chord.harness.inspect.GgufInspection;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.util.Json;
import dev.chord.harness.util.ProcessMemory;
import dev.chord.reports.env.EnvironmentProbe;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code chord bench e2e}: prompt and decode tokens per second, llama-bench style. */
@Command(name = "e2e", description = "Prompt processing and decode tokens/s on a model, llama-bench style "
        + "(warm-up separated, repetitions with spread).")
final class BenchE2eCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.gguf")
    Path model;

    @Option(names = "--prompt-tokens", defaultValue = "64", description = "pp test size (default ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "32", description = "tg test size (default ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--depth", defaultValue = "0", description = "Tokens already in the KV cache before each test, "
            + "filled untimed (llama-bench's -d; default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--reps", defaultValue = "5", description = "Measured repetitions per test (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up runs per test, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1234")
    long seed;

    @Option(names = "--json", description = "Print JSON (with prompt_tok_per_s and decode_tok_per_s).")
    boolean json;

    @Option(names = "--results", paramLabel = "FILE", description = "Also write a Chord results file (for chord report/compare).")
    Path results;

    @Mixin
    ModelOptions options;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (reps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--reps must be >= 1 and --warmup >= 0");
        }
        try (LoadedModel m = options.open(model)) {
            EndToEndBench b = new EndToEndBench(m.model(), seed);
            List<EndToEndBench.Result> rs = new ArrayList<>();
            if (promptTokens > 0) {
                rs.add(b.promptProcessing(promptTokens, depth, warmup, reps));
            }
            if (genTokens > 0) {
                rs.add(b.textGeneration(genTokens, depth, warmup, reps));
            }
            String kernels = m.kernels().choices().toString();
            String name = model.getFileName().toString();
            long peak = ProcessMemory.peakRssBytes();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", name);
                o.put("size", m.weightBytes());
                o.put("params", m.parameterCount());
                o.put("kernel", kernels);
                o.put("threads", options.threads);
                List<Object> tests = new ArrayList<>();
                for (EndToEndBench.Result r : rs) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("test", r.test());
                    t.put("depth", depth);
                    t.put("t_s", r.mean());
                    t.put("t_s_sd", r.sd());
                    t.put("samples", r.tokensPerSecond());
                    tests.add(t);
                    o.put(r.test().startsWith("pp") ? "prompt_tok_per_s" : "decode_tok_per_s", r.mean());
                }
                o.put("tests", tests);
                o.put("peak_rss_bytes", peak);
                o.put("method", method());
                System.out.println(Json.pretty(o));
            } else {
                System.out.println(method());
                System.out.printf(Locale.ROOT, "| %-28s | %10s | %8s | %-30s | %7s | %6s | %18s |%n", "model", "size", "params",
                        "kernel", "threads", "test", "t/s");
                for (EndToEndBench.Result r : rs) {
                    System.out.printf(Locale.ROOT, "| %-28s | %10s | %8s | %-30s | %7d | %6s | %9.2f ± %6.2f |%n", name,
                            GgufInspection.bytes(m.weightBytes()), GgufInspection.humanCount(m.parameterCount()),
                            kernels, options.threads, r.test(), r.mean(), r.sd());
                }
                System.out.printf(Locale.ROOT, "peak RSS %s%n", GgufInspection.bytes(peak));
            }
            if (results != null) {
                ResultSet.Builder rb = ResultSet.builder(EnvironmentProbe.capture(options.threads));
                for (EndToEndBench.Result r : rs) {
                    rb.add(Benchmark.builder("e2e/" + name + "/" + r.test().replace(" ", "") + "/t" + options.threads).suite("e2e")
                            .param("model", name).param("test", r.test()).param("threads", options.threads)
                            .param("kernel", kernels).rateUnit("tok/s").fork(r.tokensPerSecond()).build());
                }
                ResultSets.write(rb.build(), results);
            }
        }
        return 0;
    }

    private String method() {
        return String.format(Locale.ROOT, "method: llama-bench style, seeded random tokens, %d warm-up + %d measured "
                + "repetitions per test in one JVM, mean ± sample sd", warmup, reps);
    }
}
