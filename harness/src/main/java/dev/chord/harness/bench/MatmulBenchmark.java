package dev.chord.harness.bench;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.kernels.scalar.verify.KernelCheck;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One kernel, one format, one shape: matrix-vector (batch 1, decode) or matrix-matrix (batch > 1, prompt
 * processing). Weights are seeded random rows quantized by the format's reference quantizer, off-heap and
 * 64-byte aligned like a mapped model's. {@code @Setup} checks the kernel's answer against the F64
 * reference once, so a fast wrong kernel cannot post a figure.
 *
 * <p>Run through {@code chord bench kernels} / {@code chord bench matvec}, or directly:
 * {@code ./chord bench jmh Matmul -p kernel=scalar.unfused -p format=q8_0 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class MatmulBenchmark {

    @Param("scalar.unfused")
    public String kernel;
    @Param("q8_0")
    public String format;
    @Param("4096")
    public int rows;
    @Param("4096")
    public int cols;
    @Param("1")
    public int batch;
    @Param("1")
    public int threads;

    private Arena arena;
    private ChordExecutor executor;
    private Matmul matmul;
    private WeightMatrix w;
    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        GgmlType type = GgmlType.parse(format);
        MatmulKernel k = MatmulKernels.registry().require(kernel);
        if (!k.supports(type)) {
            throw new IllegalArgumentException(kernel + " does not support " + format);
        }
        arena = Arena.ofShared();
        executor = ChordExecutor.create(threads);
        matmul = k.bind(executor);
        SplittableRandom rnd = new SplittableRandom(42);
        w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), rows, cols, rnd);
        x = KernelVerifier.gaussian(rnd, batch * cols, 1.0);
        y = new float[batch * rows];
        KernelVerifier v = new KernelVerifier(QuantFormats.defaults(), 7);
        KernelCheck c = v.verifyShape(k, matmul, type, new KernelVerifier.Shape(Math.min(rows, 64), cols, batch));
        if (!c.ok()) {
            throw new IllegalStateException("kernel gives wrong answers, refusing to benchmark it: " + c.line());
        }
    }

    @Benchmark
    public float[] multiply() {
        if (batch == 1) {
            matmul.matvec(w, x, 0, y, 0);
        } else {
            matmul.matmul(w, x, batch, y);
        }
        return y;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
        arena.close();
    }
}
