import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.harness.util.Json;
import dev.chord.kernels.scalar.verify.KernelVerifier;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Chord's matrix-vector kernel and ggml's CPU mul_mat (libmatvec-ref.so, built by setup.sh) timed in one process,
 * alternating in short slices: each round runs every engine (each Chord kernel asked for, and ggml, at each thread
 * count) for one slice, in an order that rotates from round to round, so the engines of a round see the same
 * machine state. All multiply the same quantized bytes (Chord's ggml-compatible quantizer) by the same activation;
 * each Chord kernel's product is checked against ggml's before timing. One JSON line per engine and round on
 * stdout, for matvec-in-process.sh to summarize; progress on stderr.
 *
 * <p>A measurement side-car like the C tools beside it, not part of Chord's build: run it with the JDK's
 * source launcher and chord.jar on the class path (matvec-in-process.sh does).
 */
public final class InProcessMatvec {

    /** Largest relative difference of the two products before the timing is refused. */
    private static final double MAX_DISAGREEMENT = 0.05;

    private final RefLibrary lib;
    private final MethodHandle open;
    private final MethodHandle compute;
    private final MethodHandle output;
    private final MethodHandle pause;
    private final MethodHandle resume;
    private final MethodHandle describe;
    private final MethodHandle close;

    private InProcessMatvec(Path file, Arena arena) {
        lib = new RefLibrary(file, "mvref", arena);
        open = lib.function("mvref_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        compute = lib.function("mvref_compute", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        output = lib.function("mvref_output", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        pause = lib.function("mvref_pause", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        resume = lib.function("mvref_resume", FunctionDescriptor.ofVoid(ADDRESS));
        describe = lib.function("mvref_describe", FunctionDescriptor.of(ADDRESS, ADDRESS));
        close = lib.function("mvref_close", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** One engine of a round: a name, a thread count and one call. */
    private interface Engine {
        String name();

        /** The Chord kernel's name, or what llama.cpp runs. */
        String kernel();

        int threads();

        void call() throws Throwable;

        default void before() throws Throwable { }

        default void after() throws Throwable { }
    }

    private record Options(Path lib, List<String> types, List<Integer> threads, int rows, int cols, int rounds,
                           int sliceMs, double warmupSeconds, List<String> kernels, boolean extraBufts, long seed) {

        static Options parse(String[] args) {
            Path lib = null;
            List<String> types = List.of("q4_0", "q8_0", "q4_K", "q6_K");
            List<Integer> threads = List.of(1, 2);
            int rows = 4096;
            int cols = 4096;
            int rounds = 30;
            int sliceMs = 100;
            double warmup = 4;
            List<String> kernels = List.of("auto");
            boolean extra = false;
            long seed = 42;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw usage("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--lib" -> lib = Path.of(v);
                    case "--types" -> types = List.of(v.split(","));
                    case "--threads" -> threads = parseInts(v);
                    case "--rows" -> rows = RefLibrary.atLeast(a, v, 1);
                    case "--cols" -> cols = RefLibrary.atLeast(a, v, 1);
                    case "--rounds" -> rounds = RefLibrary.atLeast(a, v, 1);
                    case "--slice-ms" -> sliceMs = RefLibrary.atLeast(a, v, 1);
                    case "--warmup-s" -> warmup = Double.parseDouble(v);
                    case "--kernel" -> kernels = List.of(v.split(","));
                    case "--buft" -> {
                        if (!v.equals("cpu") && !v.equals("auto")) {
                            throw usage("--buft is cpu or auto, not " + v);
                        }
                        extra = v.equals("auto");
                    }
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw usage("unknown option " + a);
                }
            }
            if (lib == null) {
                throw usage("--lib PATH/libmatvec-ref.so is required");
            }
            return new Options(lib, types, threads, rows, cols, rounds, sliceMs, warmup, kernels, extra, seed);
        }

        private static List<Integer> parseInts(String v) {
            List<Integer> r = new ArrayList<>();
            for (String s : v.split(",")) {
                r.add(RefLibrary.atLeast("--threads", s, 1));
            }
            return r;
        }

        private static RefLibrary.Usage usage(String why) {
            return new RefLibrary.Usage(why, "InProcessMatvec --lib libmatvec-ref.so [--types q4_0,q8_0,"
                    + "q4_K,q6_K] [--threads 1,2] [--rows 4096] [--cols 4096] [--rounds 30] [--slice-ms 100] "
                    + "[--warmup-s 4] [--kernel auto|NAME[,NAME...]] [--buft cpu|auto] [--seed 42]");
        }
    }

    public static void main(String[] args) throws Throwable {
        RefLibrary.main("InProcessMatvec", () -> {
            Options o = Options.parse(args);
            try (Arena arena = Arena.ofShared()) {
                InProcessMatvec ref = new InProcessMatvec(o.lib(), arena);
                for (String t : o.types()) {
                    ref.measure(o, GgmlType.parse(t), arena);
                }
            }
        });
    }

    private void measure(Options o, GgmlType type, Arena arena) throws Throwable {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), o.rows(), o.cols(), rnd);
        float[] x = KernelVerifier.gaussian(rnd, o.cols(), 1.0);
        MemorySegment xNative = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
        List<MatmulKernel> kernels = new ArrayList<>();
        for (String name : o.kernels()) {
            kernels.add(MatmulKernels.select(MatmulKernels.registry(), type, name.equals("auto") ? null : name));
        }

        List<Engine> engines = new ArrayList<>();
        List<AutoCloseable> closing = new ArrayList<>();
        String provenance = null;
        float[] yChord = new float[o.rows()];
        MemorySegment yRef = arena.allocate(ValueLayout.JAVA_FLOAT, o.rows());
        for (int threads : o.threads()) {
            MemorySegment h = lib.opened((MemorySegment) open.invokeExact(arena.allocateFrom(type.ggmlName()), o.rows(),
                    o.cols(), 1, threads, o.extraBufts() ? 1 : 0, w.data(), w.data().byteSize(), xNative), "mvref_open");
            closing.add(RefLibrary.closer(close, h));
            provenance = RefLibrary.string((MemorySegment) describe.invokeExact(h));
            int paused = (int) pause.invokeExact(h);
            Engine g = new Engine() {
                public String name() { return "llama.cpp"; }
                public String kernel() { return "ggml mul_mat"; }
                public int threads() { return threads; }
                public void call() throws Throwable {
                    if ((int) compute.invokeExact(h) != 0) {
                        throw new IllegalStateException("ggml graph compute failed");
                    }
                }
                public void before() throws Throwable { resume.invokeExact(h); }
                public void after() throws Throwable { int ignored = (int) pause.invokeExact(h); }
            };
            g.before();
            g.call();
            g.after();
            output.invokeExact(h, yRef);
            for (MatmulKernel kernel : kernels) {
                ChordExecutor exec = ChordExecutor.create(threads);
                closing.add(exec::close);
                Matmul m = kernel.bind(exec);
                Engine c = new Engine() {
                    public String name() { return "chord"; }
                    public String kernel() { return kernel.name(); }
                    public int threads() { return threads; }
                    public void call() { m.matvec(w, x, 0, yChord, 0); }
                };
                c.call();
                checkAgreement(type, kernel.name(), threads, yChord, yRef, provenance);
                engines.add(c);
            }
            engines.add(g);
            if (paused == 0 && threads > 1) {
                System.err.println("InProcessMatvec: this ggml cannot pause its thread pool; its workers may poll"
                        + " into the next slice");
            }
        }

        // warm-up: both JITs and caches, engines alternating in half-length slices
        long end = System.nanoTime() + (long) (o.warmupSeconds() * 1e9);
        while (System.nanoTime() < end) {
            for (Engine e : engines) {
                slice(e, o.sliceMs() / 2);
            }
        }
        for (int round = 0; round < o.rounds(); round++) {
            for (int i = 0; i < engines.size(); i++) {
                Engine e = engines.get((i + round) % engines.size());
                long[] r = slice(e, o.sliceMs());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("tool", "chord.matvec-in-process");
                line.put("type", type.ggmlName());
                line.put("rows", o.rows());
                line.put("cols", o.cols());
                line.put("round", round);
                line.put("engine", e.name());
                line.put("threads", e.threads());
                line.put("kernel", e.kernel());
                line.put("calls", r[1]);
                line.put("ns_per_call", (double) r[0] / r[1]);
                if (!e.name().equals("chord")) {
                    line.put("llamacpp", Json.MAPPER.readTree(provenance));
                }
                System.out.println(Json.compact(line));
            }
            System.out.flush();
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /**
     * Chord's product against ggml's on the same bytes and activation: the int8 kernels agree to about 5e-7 of
     * the largest output, a float-activation kernel (against ggml's quantized activation) to about 6e-3. Far above
     * that the two are not computing the same product, and timing them would compare nothing.
     */
    private static void checkAgreement(GgmlType type, String kernel, int threads, float[] y, MemorySegment ref,
                                       String provenance) {
        double scale = 0;
        double diff = 0;
        for (int r = 0; r < y.length; r++) {
            float g = ref.getAtIndex(ValueLayout.JAVA_FLOAT, r);
            scale = Math.max(scale, Math.abs(g));
            diff = Math.max(diff, Math.abs(g - y[r]));
        }
        double worst = diff / Math.max(scale, Float.MIN_NORMAL);
        System.err.printf(Locale.ROOT, "InProcessMatvec: %s, Chord %s (%d thread(s)) vs ggml %s; max |y_chord - y_ggml|"
                + " / max |y_ggml| = %.2e%n", type.ggmlName(), kernel, threads, provenance, worst);
        if (!(worst <= MAX_DISAGREEMENT)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s: Chord's %s and ggml's products differ by %.2e of"
                    + " the largest output (expected at most %.0e): the comparison is miswired", type.ggmlName(), kernel,
                    worst, MAX_DISAGREEMENT));
        }
    }

    /** {elapsed ns, calls}: calls run back to back until the slice is used up. */
    private static long[] slice(Engine e, int ms) throws Throwable {
        e.before();
        long t0 = System.nanoTime();
        long until = t0 + ms * 1_000_000L;
        long calls = 0;
        long t;
        do {
            e.call();
            calls++;
            t = System.nanoTime();
        } while (t < until);
        e.after();
        return new long[] {t - t0, calls};
    }
}
