package dev.chord.harness.demo;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.quant.QuantFormats;
import dev.chord.cache.sim.CostModel;
import dev.chord.cache.sim.Sweep;
import dev.chord.cache.sim.Workload;
import dev.chord.cache.stream.ModelLayout;
import dev.chord.gguf.GgufFile;
import dev.chord.harness.bench.CacheSimResults;
import dev.chord.harness.bench.EndToEndBench;
import dev.chord.harness.bench.KernelBench;
import dev.chord.harness.bench.KernelResults;
import dev.chord.harness.bench.MemoryBandwidth;
import dev.chord.harness.generate.Generator;
import dev.chord.harness.generate.Sampler;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.model.ModelLoader;
import dev.chord.harness.quantize.LlamaFileType;
import dev.chord.harness.synth.ModelSynthesizer;
import dev.chord.harness.synth.SynthPreset;
import dev.chord.harness.tokenizer.Tokenizer;
import dev.chord.harness.tokenizer.Tokenizers;
import dev.chord.harness.util.Progress;
import dev.chord.harness.verify.KernelChecks;
import dev.chord.harness.verify.VerifyResult;
import dev.chord.reports.env.EnvironmentProbe;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultSets;
import dev.chord.reports.model.ResultTable;
import dev.chord.reports.render.ReportWriter;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chord's main job on an embedded default, no downloads: writes a small synthetic llama model, verifies every
 * kernel on its formats, benchmarks the kernels briefly with JMH, simulates weight caches on the model's decode
 * order, generates tokens with it, and writes a report. Every step's figures come from this run.
 */
public final class Demo {

    /** Formats of the demo model's weights: what the kernels are verified and benchmarked on. */
    static final List<GgmlType> FORMATS = List.of(GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.Q8_0);

    private final Path out;
    private final int threads;
    private final PrintStream stdout = System.out;

    public Demo(Path out, int threads) {
        this.out = out;
        this.threads = threads;
    }

    /** Runs every step; returns the process exit status (1 if a kernel check failed). */
    public int run() throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        Path model = out.resolve("demo-tiny-Q4_K_M.gguf");
        List<ResultSet> results = new ArrayList<>();
        ResultSet.Builder rs = ResultSet.builder(EnvironmentProbe.capture(threads));

        stdout.println("Chord demo: everything below is measured now, on this machine, with Chord's own synthetic model.");
        synthesize(model);
        int failed = verify(rs);
        List<KernelBench.Cell> cells = benchmark();
        ResultSet kernelResults = KernelResults.of(cells, 1, method());
        results.add(kernelResults);
        results.add(bandwidth());
        Sweep.Result sweep = simulate(model);
        rs.add(CacheSimResults.table(sweep));
        generate(model, rs);
        results.add(0, rs.build());
        Path resultsFile = out.resolve("demo-results.json");
        ResultSets.write(mergeTablesAndBenchmarks(results), resultsFile);
        List<Path> written = ReportWriter.write(List.of(ResultSets.read(resultsFile)), out);
        summary(cells, sweep, failed);
        stdout.printf(Locale.ROOT, "%nreport: %s (with %s and CSV files); results: %s%ntotal %.0f s%n",
                out.resolve(ReportWriter.HTML), ReportWriter.MARKDOWN, resultsFile, (System.nanoTime() - t0) / 1e9);
        if (written.isEmpty()) {
            return 1;
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * Warm-up iterations per kernel cell: the K-quant vector loops are large methods that C2 compiles in the
     * background for a second or more (longer on a busy machine); timed earlier, a cell measures the
     * interpreter and shows a vector kernel 10x slower than scalar code.
     */
    private static final int WARMUPS = 6;

    private static String method() {
        return "JMH, 1 fork x (" + WARMUPS + " warm-up x 0.3 s + 3 measured x 0.3 s) per cell: a quick look, not a publishable figure";
    }

    private void synthesize(Path model) throws Exception {
        SynthPreset p = SynthPreset.TINY;
        try (Progress pr = Progress.start("synthesize model", 1)) {
            var plans = ModelSynthesizer.synthesize(model, new ModelSynthesizer.Options(p.shape(), LlamaFileType.Q4_K_M,
                    false, 42, null, threads), (i, n, plan, done, total) -> pr.update(done * 1000 / Math.max(1, total),
                    plan.name()));
            pr.finish(String.format(Locale.ROOT, "%s: preset %s, %d tensors, Q4_K_M mix, %.1f MB", model.getFileName(),
                    p.id(), plans.size(), Files.size(model) / 1e6));
        }
    }

    private int verify(ResultSet.Builder rs) throws Exception {
        var registry = MatmulKernels.registry();
        int kernels = registry.available().size();
        AtomicInteger step = new AtomicInteger();
        List<VerifyResult> res;
        try (Progress pr = Progress.start("verify kernels", (long) kernels * FORMATS.size())) {
            res = new KernelChecks(registry, QuantFormats.defaults(), 20261126L).run(k -> true, FORMATS::contains,
                    threads, fixtures(), s -> pr.update(step.incrementAndGet(), s));
            long failed = res.stream().filter(VerifyResult::failed).count();
            pr.finish(String.format(Locale.ROOT, "%d checks of %d kernels on %s: %d failed", res.size(), kernels, FORMATS,
                    failed));
        }
        ResultTable.Builder t = ResultTable.builder("kernel-accuracy").kind("accuracy")
                .title("Kernel checks: F64 reference (NMSE), llama.cpp's ggml_matvec, scalar twins")
                .column("subject").column("check").column("measured").column("bound").column("outcome");
        for (VerifyResult r : res) {
            t.row("subject", r.subject(), "check", r.check(), "measured", r.measured(), "bound", r.bound(),
                    "outcome", r.outcome().label());
        }
        rs.add(t.build());
        return (int) res.stream().filter(VerifyResult::failed).count();
    }

    private List<KernelBench.Cell> benchmark() throws Exception {
        var registry = MatmulKernels.registry();
        List<String[]> pairs = new ArrayList<>();
        for (GgmlType f : List.of(GgmlType.Q4_K, GgmlType.Q8_0)) {
            for (MatmulKernel k : registry.available()) {
                if (k.supports(f)) {
                    pairs.add(new String[] {k.name(), f.ggmlName()});
                }
            }
        }
        TimeValue t = TimeValue.milliseconds(300);
        KernelBench.Config cfg = new KernelBench.Config(List.of(), FORMATS, 1024, 1024, 1, List.of(1), 1, WARMUPS, 3, t, t, false);
        List<KernelBench.Cell> cells;
        try (Progress pr = Progress.start("benchmark kernels (JMH)", pairs.size())) {
            AtomicInteger i = new AtomicInteger();
            cells = new KernelBench().run(cfg, pairs, s -> pr.update(i.getAndIncrement(), s.replaceAll("^\\[\\d+/\\d+\\] ", "")));
            pr.finish(pairs.size() + " kernel x format cells, 1024x1024 matvec, 1 thread");
        }
        return cells;
    }

    /** Read bandwidth of an LLC-sized buffer: the roofline the report draws under the matvec figures. */
    private ResultSet bandwidth() throws Exception {
        try (Progress pr = Progress.start("measure read bandwidth", 1)) {
            ResultSet r = MemoryBandwidth.measure(1, List.of("16"), 3, TimeValue.milliseconds(300), false);
            pr.finish("16 MiB buffer, JMH 1 fork x 3 x 0.3 s");
            return r;
        }
    }

    private Sweep.Result simulate(Path model) throws Exception {
        try (Progress pr = Progress.start("simulate weight caches", 1); GgufFile f = GgufFile.open(model)) {
            Workload w = Workload.decode(ModelLayout.of(f), 32);
            Sweep.Result r = Sweep.run(w, Sweep.budgets("25%,50%,75%"), Sweep.policies("all"),
                    Sweep.prefetchSpecs("none,next-k"), CostModel.of(CostModel.DEFAULT_DEVICE, null,
                            CostModel.DEFAULT_COMPUTE_GBPS), 42);
            pr.finish(r.cells().size() + " budget x policy x prefetch cells over 32 decoded tokens");
            return r;
        }
    }

    private void generate(Path model, ResultSet.Builder rs) throws Exception {
        try (LoadedModel m = ModelLoader.open(model, new ModelLoader.Options(threads, null, 512, 64))) {
            Tokenizer tok = Tokenizers.fromGguf(m.file().metadata());
            Generator g = new Generator(m.model());
            int[] prompt = tok.encode("Chord measures quantized inference", true, false);
            StringBuilder text = new StringBuilder();
            var st = g.generate(prompt, 32, new Sampler(Sampler.Params.greedy(), m.model().info().vocabSize()), id -> {
                text.append(new String(tok.tokenBytes(id), java.nio.charset.StandardCharsets.UTF_8));
                return !tok.isEndOfGeneration(id);
            });
            EndToEndBench b = new EndToEndBench(m.model(), 7);
            EndToEndBench.Result pp = b.promptProcessing(64, 1, 3);
            EndToEndBench.Result tg = b.textGeneration(32, 1, 3);
            stdout.printf(Locale.ROOT, "%ngenerated (greedy, random weights, so the text is noise): %s%n",
                    printable(text.toString()));
            stdout.printf(Locale.ROOT, "kernels per weight type: %s%n", m.kernels().choices());
            stdout.printf(Locale.ROOT, "tokens/s, %d thread(s), 3 repetitions after a warm-up: prompt %.1f ± %.1f (pp64), "
                    + "decode %.1f ± %.1f (tg32); %d tokens generated above%n", threads, pp.mean(), pp.sd(), tg.mean(), tg.sd(),
                    st.generatedTokens());
            for (EndToEndBench.Result r : List.of(pp, tg)) {
                rs.add(Benchmark.builder("e2e/demo-tiny-Q4_K_M/" + r.test() + "/t" + threads).suite("e2e")
                        .param("test", r.test()).param("threads", threads).param("kernel", m.kernels().choices().toString())
                        .rateUnit("tok/s").fork(r.tokensPerSecond()).build());
            }
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(120).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.toString();
    }

    private void summary(List<KernelBench.Cell> cells, Sweep.Result sweep, int failed) {
        stdout.printf(Locale.ROOT, "%nkernel checks: %s%n", failed == 0 ? "all passed" : failed + " FAILED");
        stdout.printf(Locale.ROOT, "matvec 1024x1024, 1 thread (%s):%n", method());
        for (KernelBench.Cell c : cells) {
            double base = cells.stream().filter(o -> o.kernel().equals("scalar.unfused") && o.format() == c.format())
                    .mapToDouble(KernelBench.Cell::medianNs).findFirst().orElse(Double.NaN);
            double[] it = c.forks().get(0);
            double lo = java.util.Arrays.stream(it).min().orElse(Double.NaN);
            double hi = java.util.Arrays.stream(it).max().orElse(Double.NaN);
            // iterations that differ by half or more: the JIT was still compiling, or the machine is busy
            String note = hi > 1.5 * lo ? String.format(Locale.ROOT, "  unsteady: iterations %.0f..%.0f ns", lo, hi) : "";
            stdout.printf(Locale.ROOT, "  %-5s %-15s %10.0f ns  %6.2f GB/s  %5.1fx scalar.unfused%s%n", c.format(), c.kernel(),
                    c.medianNs(), c.weightGbPerS(), base / c.medianNs(), note);
        }
        Sweep.Cell best = null;
        for (Sweep.Cell c : sweep.cells()) {
            if (c.budget().equals("50%") && (best == null || c.tokensPerSecond() > best.tokensPerSecond())) {
                best = c;
            }
        }
        if (best != null) {
            stdout.printf(Locale.ROOT, "cache simulation at a 50%% budget: best %s + %s, hit ratio %.2f, %.1f simulated tok/s "
                    + "(no cache %.1f, all in RAM %.1f)%n", best.policy(), best.prefetch(), best.stats().hitRatio(),
                    best.tokensPerSecond(), sweep.noCache().tokensPerSecond(), sweep.allInRam().tokensPerSecond());
        }
    }

    /** One results file holding the demo's tables and e2e figures and the kernel benchmarks. */
    private static ResultSet mergeTablesAndBenchmarks(List<ResultSet> sets) {
        ResultSet.Builder b = ResultSet.builder(sets.get(0).environment());
        for (ResultSet s : sets) {
            s.benchmarks().forEach(b::add);
            s.tables().forEach(b::add);
        }
        return b.build();
    }

    /** llama.cpp's fixture vectors if a ../shared/fixtures/quant folder is near (for the ggml_matvec checks). */
    private static Optional<Path> fixtures() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("../shared/fixtures/quant").normalize();
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
