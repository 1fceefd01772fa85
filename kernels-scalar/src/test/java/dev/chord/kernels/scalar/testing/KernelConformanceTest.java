package dev.chord.kernels.scalar.testing;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.api.testing.Fixtures;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.verify.KernelCheck;
import dev.chord.kernels.scalar.verify.KernelVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every matmul kernel must satisfy; each kernel's test extends this and names the kernel and the formats
 * it must support. Checks run with one and two threads. Results are compared with references that share no
 * code with kernels ({@link KernelVerifier}): the F64 product, and llama.cpp's own matvec on the fixtures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KernelConformanceTest {

    /** The kernel under test. */
    protected abstract MatmulKernel kernel();

    /** Formats the kernel must support here (a kernel silently dropping one would otherwise go unnoticed). */
    protected abstract Set<GgmlType> requiredFormats();

    protected final long seed = Seeds.seed(20261126L);
    protected final KernelVerifier verifier = new KernelVerifier(QuantFormats.defaults(), seed);

    Stream<GgmlType> formats() {
        Assumptions.assumeTrue(kernel().isAvailable(), () -> kernel().name() + " cannot run here: "
                + kernel().unavailableReason().orElse("") + " (SKIPPED, not passed)");
        return kernel().formats().stream().sorted();
    }

    @Test
    void supportsTheRequiredFormats() {
        Set<GgmlType> missing = new java.util.TreeSet<>(requiredFormats());
        missing.removeAll(kernel().formats());
        assertTrue(missing.isEmpty(), kernel().name() + " lacks " + missing);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void matchesTheF64ReferenceOnOneAndTwoThreads(GgmlType type) {
        for (int threads : new int[] {1, 2}) {
            try (ChordExecutor ex = ChordExecutor.create(threads)) {
                Matmul m = kernel().bind(ex);
                List<String> failures = new ArrayList<>();
                for (KernelCheck c : verifier.verifyRandom(kernel(), m, type)) {
                    if (!c.ok()) {
                        failures.add(c.line());
                    }
                }
                if (!failures.isEmpty()) {
                    fail(Seeds.replay(seed) + threads + " thread(s):\n" + String.join("\n", failures));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void integerKernelsMatchLlamaCppOnTheFixtures(GgmlType type) throws Exception {
        Assumptions.assumeTrue(kernel().activationMode() == ActivationMode.QUANTIZED,
                "only integer-activation kernels compute what ggml_matvec computes");
        Path file = Fixtures.quant(type.ggmlName());
        Assumptions.assumeTrue(Files.exists(file), "no fixture for " + type);
        try (ChordExecutor ex = ChordExecutor.create(2)) {
            KernelCheck c = verifier.verifyFixture(kernel(), kernel().bind(ex), file);
            assertTrue(c.ok(), c.line());
        }
    }

    @Test
    void badShapesAreRejectedNamingTheTensor() {
        Assumptions.assumeTrue(kernel().isAvailable());
        GgmlType type = kernel().formats().stream().sorted().findFirst().orElseThrow();
        int cols = type.blockSize() * 2;
        try (Arena arena = Arena.ofConfined(); ChordExecutor ex = ChordExecutor.serial()) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), 4, cols,
                    new SplittableRandom(1));
            Matmul m = kernel().bind(ex);
            var e1 = assertThrows(IllegalArgumentException.class, () -> m.matvec(w, new float[cols - 1], 0, new float[4], 0));
            assertTrue(e1.getMessage().contains(w.name()), e1.getMessage());
            var e2 = assertThrows(IllegalArgumentException.class, () -> m.matvec(w, new float[cols], 0, new float[3], 0));
            assertTrue(e2.getMessage().contains("4"), e2.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.matmul(w, new float[cols * 2], 3, new float[12]));
            // a segment shorter than the tensor is caught when the view is made
            MemorySegment shortSeg = w.data().asSlice(0, w.byteSize() - 1);
            var e3 = assertThrows(IllegalArgumentException.class, () -> new WeightMatrix("short", type, shortSeg, 4, cols));
            assertTrue(e3.getMessage().contains("short"), e3.getMessage());
        }
    }

    @Test
    void weightsOfAConfinedArenaOnTwoThreadsAreRejectedNamingTheTensor() {
        Assumptions.assumeTrue(kernel().isAvailable());
        GgmlType type = kernel().formats().stream().sorted().findFirst().orElseThrow();
        int cols = type.blockSize() * 2;
        try (Arena arena = Arena.ofConfined(); ChordExecutor ex = ChordExecutor.create(2)) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(type), 64, cols,
                    new SplittableRandom(3));
            Matmul m = kernel().bind(ex);
            var e = assertThrows(IllegalArgumentException.class, () -> m.matvec(w, new float[cols], 0, new float[64], 0));
            assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("confined"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.matmul(w, new float[cols * 2], 2, new float[128]));
        }
    }

    @Test
    void weightsOfAnotherThreadsConfinedArenaAreRejectedNamingTheTensor() throws Exception {
        Assumptions.assumeTrue(kernel().isAvailable());
        GgmlType type = kernel().formats().stream().sorted().findFirst().orElseThrow();
        int cols = type.blockSize() * 2;
        Arena[] owned = new Arena[1];
        WeightMatrix[] made = new WeightMatrix[1];
        Thread owner = new Thread(() -> {
            owned[0] = Arena.ofConfined();
            made[0] = KernelVerifier.randomWeights(owned[0], QuantFormats.defaults().forType(type), 4, cols,
                    new SplittableRandom(4));
        });
        owner.start();
        owner.join();
        try (ChordExecutor ex = ChordExecutor.serial()) {
            WeightMatrix w = made[0];
            var e = assertThrows(IllegalArgumentException.class,
                    () -> kernel().bind(ex).matvec(w, new float[cols], 0, new float[4], 0));
            assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("another thread"), e.getMessage());
        }
    }

    @Test
    void unsupportedFormatIsRejected() {
        Assumptions.assumeTrue(kernel().isAvailable());
        GgmlType unsupported = null;
        for (GgmlType t : GgmlType.values()) {
            if (!t.isRemoved() && !kernel().supports(t) && QuantFormats.defaults().supports(t) && QuantFormats.defaults().forType(t).canQuantize()) {
                unsupported = t;
                break;
            }
        }
        Assumptions.assumeTrue(unsupported != null, "kernel supports every quantizable format");
        GgmlType u = unsupported;
        int cols = u.blockSize();
        try (Arena arena = Arena.ofConfined(); ChordExecutor ex = ChordExecutor.serial()) {
            WeightMatrix w = KernelVerifier.randomWeights(arena, QuantFormats.defaults().forType(u), 2, cols,
                    new SplittableRandom(2));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> kernel().bind(ex).matvec(w, new float[cols], 0, new float[2], 0));
            assertTrue(e.getMessage().contains(u.ggmlName()), e.getMessage());
        }
    }

    /** Used by vector kernels' tests: the candidate against its scalar twin on every shape. */
    protected void assertMatchesTwin(MatmulKernel twin) {
        for (GgmlType type : kernel().formats()) {
            if (!twin.supports(type)) {
                continue;
            }
            try (ChordExecutor ex = ChordExecutor.create(2)) {
                Matmul a = kernel().bind(ex);
                Matmul b = twin.bind(ex);
                for (KernelVerifier.Shape s : KernelVerifier.shapesFor(type)) {
                    KernelCheck c = verifier.compare(kernel(), a, twin, b, type, s);
                    assertTrue(c.ok(), Seeds.replay(seed) + c.line());
                }
            }
        }
    }
}
