package dev.chord.kernels.vector;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.kernels.scalar.matmul.ScalarFusedKernel;
import dev.chord.kernels.scalar.matmul.ScalarInt8Kernel;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Matrix-vector calls allocate nothing once the JIT has compiled them (the bar: zero bytes per call).
 * Not a timing test: it counts the calling thread's allocated bytes ({@code com.sun.management.ThreadMXBean})
 * over rounds of calls and passes as soon as one round allocates nothing. Until C2 has compiled the Vector API
 * loops they allocate boxes, so early rounds may; a fixed cost per call (as a map rebuilt per call once was,
 * 560 bytes) shows in every round and fails the test.
 */
class SteadyStateAllocationTest {

    private static final int ROUNDS = 40;
    private static final int CALLS_PER_ROUND = 500;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("vector.fused", GgmlType.Q4_0), Arguments.of("vector.fused", GgmlType.Q6_K),
                Arguments.of("vector.int8", GgmlType.Q4_0), Arguments.of("vector.int8", GgmlType.Q8_0),
                Arguments.of("vector.int8", GgmlType.Q4_K), Arguments.of("vector.int8", GgmlType.Q6_K),
                Arguments.of("scalar.fused", GgmlType.Q4_0), Arguments.of("scalar.int8", GgmlType.Q4_K));
    }

    private static MatmulKernel kernel(String name) {
        return switch (name) {
            case "vector.fused" -> new VectorFusedKernel();
            case "vector.int8" -> new VectorInt8Kernel();
            case "scalar.fused" -> new ScalarFusedKernel();
            case "scalar.int8" -> new ScalarInt8Kernel();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aCompiledMatvecAllocatesNothing(String name, GgmlType type) {
        MatmulKernel k = kernel(name);
        Assumptions.assumeTrue(k.unavailableReason().isEmpty(), () -> name + ": " + k.unavailableReason().orElse(""));
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            Assumptions.abort("this JVM does not count allocated bytes per thread");
            return;
        }
        try (Arena arena = Arena.ofConfined(); ChordExecutor executor = ChordExecutor.create(1)) {
            Matmul m = k.bind(executor);
            SplittableRandom rnd = new SplittableRandom(11);
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), 16, 512, rnd);
            float[] x = KernelVerifier.gaussian(rnd, 512, 1.0);
            float[] y = new float[16];
            long thread = Thread.currentThread().threadId();
            long least = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < CALLS_PER_ROUND; i++) {
                    m.matvec(w, x, 0, y, 0);
                }
                long bytes = threads.getThreadAllocatedBytes(thread) - before;
                if (bytes == 0) {
                    return;
                }
                least = Math.min(least, bytes);
            }
            fail(name + " " + type + ": every round of " + CALLS_PER_ROUND + " calls allocated; the least was "
                    + least + " bytes (" + least / CALLS_PER_ROUND + " per call)");
        }
    }
}
