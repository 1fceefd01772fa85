package dev.chord.harness.bench;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Read bandwidth: one thread sums every 64-bit word of an off-heap buffer with the widest vectors. The
 * matrix-vector roofline: a matvec streams its weights once, so it cannot beat this rate for weights of the
 * same size. Two sizes: one that fits the last-level cache (like a 4096x4096 quantized matrix) and one that
 * does not (a whole model's decode step).
 *
 * <p>Run: {@code ./chord bench membw} (writes suite "membw" results that {@code chord report} draws as the
 * roofline) or {@code ./chord bench jmh MemoryBandwidth}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class MemoryBandwidthBenchmark {

    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

    /** Buffer size in MiB. */
    @Param({"16", "1024"})
    public int mib;

    private Arena arena;
    private MemorySegment buffer;

    @Setup(Level.Trial)
    public void allocate() {
        arena = Arena.ofShared();
        buffer = arena.allocate((long) mib << 20, 64);
        for (long i = 0; i < buffer.byteSize(); i += 8) {
            buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i);
        }
        long n = buffer.byteSize() / 8;
        long expected = n * (n - 1) / 2 * 8; // sum of 8*i over the words
        if (sum() != expected) {
            throw new IllegalStateException("bandwidth kernel reads wrong values");
        }
    }

    @Benchmark
    public long sum() {
        LongVector acc0 = LongVector.zero(L);
        LongVector acc1 = LongVector.zero(L);
        long step = L.vectorByteSize();
        long end = buffer.byteSize() - 2 * step;
        long i = 0;
        for (; i <= end; i += 2 * step) {
            acc0 = acc0.add(LongVector.fromMemorySegment(L, buffer, i, ByteOrder.LITTLE_ENDIAN));
            acc1 = acc1.add(LongVector.fromMemorySegment(L, buffer, i + step, ByteOrder.LITTLE_ENDIAN));
        }
        long s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < buffer.byteSize(); i += 8) {
            s += buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        }
        return s;
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }
}
