import dev.chord.cache.stream.AllResidentWeightProvider;
import dev.chord.harness.bench.EndToEndBench;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.model.ModelLoader;
import dev.chord.harness.util.Json;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Chord's forward pass and llama.cpp's (libe2e-ref.so, built by setup.sh) on the same GGUF in one process,
 * alternating run by run: each round runs, for every thread count, one timed prompt run (pp) and one timed
 * decode run (tg) of each engine, in an order that rotates from round to round, so the engines of a round are
 * measured seconds apart. Both time a run the way llama-bench does (a cleared KV cache, seeded random tokens, the
 * prompt in batches, decode one token at a time); Chord's side is {@link EndToEndBench}, the code behind
 * {@code chord bench e2e}. One JSON line per engine, test and round on stdout, for e2e-in-process.sh to
 * summarize; progress on stderr.
 *
 * <p>A measurement side-car like the C tools beside it, not part of Chord's build: run it with the JDK's
 * source launcher and chord.jar on the class path (e2e-in-process.sh does).
 */
public final class InProcessE2e {

    private final RefLibrary lib;
    private final MethodHandle open;
    private final MethodHandle run;
    private final MethodHandle pause;
    private final MethodHandle resume;
    private final MethodHandle describe;
    private final MethodHandle close;

    private InProcessE2e(Path file, Arena arena) {
        lib = new RefLibrary(file, "e2eref", arena);
        open = lib.function("e2eref_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
        run = lib.function("e2eref_run", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        pause = lib.function("e2eref_pause", FunctionDescriptor.ofVoid(ADDRESS));
        resume = lib.function("e2eref_resume", FunctionDescriptor.ofVoid(ADDRESS));
        describe = lib.function("e2eref_describe", FunctionDescriptor.of(ADDRESS, ADDRESS));
        close = lib.function("e2eref_close", FunctionDescriptor.ofVoid(ADDRESS));
    }

    private record Options(Path lib, Path model, List<Integer> threads, int pp, int tg, int depth, int rounds,
                           String kernel, boolean extraBufts, long seed) {

        static Options parse(String[] args) {
            Path lib = null;
            Path model = null;
            List<Integer> threads = List.of(1, 2);
            int pp = 64;
            int tg = 32;
            int depth = 0;
            int rounds = 12;
            String kernel = null;
            boolean extra = false;
            long seed = 1234;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    if (model != null) {
                        throw usage("one model only; got " + model + " and " + a);
                    }
                    model = Path.of(a);
                    continue;
                }
                if (a.equals("--default-bufts")) {
                    extra = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw usage("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--lib" -> lib = Path.of(v);
                    case "--threads" -> {
                        List<Integer> t = new ArrayList<>();
                        for (String s : v.split(",")) {
                            t.add(RefLibrary.atLeast("--threads", s, 1));
                        }
                        threads = t;
                    }
                    case "--pp" -> pp = RefLibrary.atLeast(a, v, 0);
                    case "--tg" -> tg = RefLibrary.atLeast(a, v, 0);
                    case "--depth" -> depth = RefLibrary.atLeast(a, v, 0);
                    case "--rounds" -> rounds = RefLibrary.atLeast(a, v, 1);
                    case "--kernel" -> kernel = v.equals("auto") ? null : v;
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw usage("unknown option " + a);
                }
            }
            if (lib == null || model == null) {
                throw usage("--lib PATH/libe2e-ref.so and MODEL.gguf are required");
            }
            if (!Files.isRegularFile(model)) {
                throw usage("no such file: " + model);
            }
            if (pp == 0 && tg == 0) {
                throw usage("--pp 0 and --tg 0 leave nothing to measure");
            }
            return new Options(lib, model, threads, pp, tg, depth, rounds, kernel, extra, seed);
        }

        private static RefLibrary.Usage usage(String why) {
            return new RefLibrary.Usage(why, "InProcessE2e --lib libe2e-ref.so MODEL.gguf [--threads 1,2]"
                    + " [--pp 64] [--tg 32] [--depth 0] [--rounds 12] [--kernel auto|NAME] [--default-bufts] [--seed 1234]");
        }
    }

    /** One engine at one thread count: a timed run of a test returns its nanoseconds. */
    private interface Engine {
        String name();

        int threads();

        double nanos(boolean prompt, int tokens, int depth) throws Throwable;
    }

    public static void main(String[] args) throws Throwable {
        RefLibrary.main("InProcessE2e", () -> {
            Options o = Options.parse(args);
            try (Arena arena = Arena.ofShared()) {
                new InProcessE2e(o.lib(), arena).measure(o, arena);
            }
        });
    }

    private void measure(Options o, Arena arena) throws Throwable {
        int ctx = o.depth() + Math.max(o.pp(), o.tg());
        List<Engine> engines = new ArrayList<>();
        List<AutoCloseable> closing = new ArrayList<>();
        String provenance = null;
        LoadedModel first = null;
        for (int threads : o.threads()) {
            LoadedModel m = ModelLoader.open(o.model(), new ModelLoader.Options(threads, o.kernel(), ctx, 64),
                    AllResidentWeightProvider::new);
            closing.add(m);
            first = first == null ? m : first;
            EndToEndBench bench = new EndToEndBench(m.model(), o.seed());
            engines.add(new Engine() {
                public String name() { return "chord"; }
                public int threads() { return threads; }
                public double nanos(boolean prompt, int tokens, int depth) {
                    EndToEndBench.Result r = prompt ? bench.promptProcessing(tokens, depth, 0, 1)
                            : bench.textGeneration(tokens, depth, 0, 1);
                    return tokens * 1e9 / r.tokensPerSecond()[0];
                }
            });
            MemorySegment h = lib.opened((MemorySegment) open.invokeExact(arena.allocateFrom(o.model().toString()), threads,
                    ctx, o.extraBufts() ? 1 : 0, o.seed()), "e2eref_open");
            closing.add(RefLibrary.closer(close, h));
            provenance = RefLibrary.string((MemorySegment) describe.invokeExact(h));
            pause.invokeExact(h);
            engines.add(new Engine() {
                public String name() { return "llama.cpp"; }
                public int threads() { return threads; }
                public double nanos(boolean prompt, int tokens, int depth) throws Throwable {
                    resume.invokeExact(h);
                    double ns = (double) run.invokeExact(h, prompt ? 1 : 0, tokens, depth);
                    pause.invokeExact(h);
                    return ns;
                }
            });
        }
        List<Boolean> tests = new ArrayList<>();
        if (o.pp() > 0) {
            tests.add(true);
        }
        if (o.tg() > 0) {
            tests.add(false);
        }
        // warm-up: one untimed run of every engine and test (llama-bench's), and the JIT for Chord
        for (Engine e : engines) {
            for (boolean prompt : tests) {
                e.nanos(prompt, prompt ? o.pp() : Math.min(o.tg(), 8), o.depth());
            }
        }
        // the kernels are chosen per format as the first forward pass meets them
        String kernels = first.kernels().choices().toString();
        System.err.printf(Locale.ROOT, "InProcessE2e: %s, Chord kernels %s, llama.cpp %s%n", o.model().getFileName(),
                kernels, provenance);
        String suffix = o.depth() > 0 ? " @ d" + o.depth() : "";
        for (int round = 0; round < o.rounds(); round++) {
            for (boolean prompt : tests) {
                int tokens = prompt ? o.pp() : o.tg();
                for (int i = 0; i < engines.size(); i++) {
                    Engine e = engines.get((i + round) % engines.size());
                    double ns = e.nanos(prompt, tokens, o.depth());
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("tool", "chord.e2e-in-process");
                    line.put("model", o.model().getFileName().toString());
                    line.put("round", round);
                    line.put("engine", e.name());
                    line.put("threads", e.threads());
                    line.put("test", (prompt ? "pp" : "tg") + tokens + suffix);
                    line.put("ns", Math.round(ns));
                    line.put("t_s", tokens * 1e9 / ns);
                    if (e.name().equals("chord")) {
                        line.put("kernel", kernels);
                    } else {
                        line.put("llamacpp", Json.MAPPER.readTree(provenance));
                    }
                    System.out.println(Json.compact(line));
                }
            }
            System.out.flush();
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }
}
