package dev.chord.harness.bench;

import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the reference formats, in values per second (one JMH operation is one value): decoding
 * ({@code dequantizeRow}) and ggml's reference quantizer ({@code quantizeRow}) over a row of
 * {@link #VALUES} Gaussian values. Select types with {@code -p type=q4_0,q8_0}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FormatThroughputBenchmark {

    /** Values per invocation: whole blocks of every type (a multiple of 256), small enough to stay in L2. */
    static final int VALUES = 64 * 256;

    @Param({"f32", "f16", "bf16", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0", "q8_1", "q2_K", "q3_K", "q4_K", "q5_K", "q6_K",
            "q8_K", "iq4_nl", "iq4_xs", "mxfp4", "tq2_0"})
    public String type;

    private QuantFormat format;
    private Arena arena;
    private float[] source;
    private float[] decoded;
    private MemorySegment quantized;
    private MemorySegment scratch;

    @Setup(Level.Trial)
    public void setup() {
        format = QuantFormats.defaults().forName(type);
        SplittableRandom rnd = new SplittableRandom(42);
        source = new float[VALUES];
        for (int i = 0; i < VALUES; i++) {
            source[i] = (float) rnd.nextGaussian();
        }
        decoded = new float[VALUES];
        arena = Arena.ofConfined();
        long bytes = format.type().bytesFor(VALUES);
        quantized = arena.allocate(bytes);
        scratch = arena.allocate(bytes);
        format.quantizeRow(source, 0, quantized, 0, VALUES);
        checkAnswer();
    }

    /**
     * The work measured is real: the round trip reproduces the source (relative RMSE below 1, which an
     * all-zero or garbage decode cannot reach), and quantizing again gives the same bytes.
     */
    private void checkAnswer() {
        format.dequantizeRow(quantized, 0, decoded, 0, VALUES);
        double err = 0;
        double ref = 0;
        for (int i = 0; i < VALUES; i++) {
            double d = (double) source[i] - decoded[i];
            err += d * d;
            ref += (double) source[i] * source[i];
        }
        double relRmse = Math.sqrt(err / ref);
        if (!(relRmse < 1.0)) {
            throw new IllegalStateException(type + ": round trip relative RMSE " + relRmse + ", the benchmark would time garbage");
        }
        format.quantizeRow(source, 0, scratch, 0, VALUES);
        if (scratch.mismatch(quantized) != -1) {
            throw new IllegalStateException(type + ": quantizing the same row twice gave different bytes");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public float[] dequantize() {
        format.dequantizeRow(quantized, 0, decoded, 0, VALUES);
        return decoded;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public MemorySegment quantize() {
        format.quantizeRow(source, 0, scratch, 0, VALUES);
        return scratch;
    }
}
