package dev.chord.kernels.vector;

import dev.chord.api.kernel.MatmulKernel;
import dev.chord.kernels.scalar.testing.KernelConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The conformance suite for a vector kernel at one forced width: {@link #bits()} 128 or 256, or 0 for the
 * preferred width. Widths the machine cannot run are skipped by the suite itself (the kernel reports why it
 * is unavailable).
 */
abstract class VectorKernelWidthTest extends KernelConformanceTest {

    /** 128, 256, or 0 for the preferred width. */
    abstract int bits();

    /** The scalar kernel computing the same thing ({@code scalar.fused} for {@code vector.fused}, ...). */
    abstract MatmulKernel twin();

    @Test
    void matchesItsScalarTwin() {
        assertMatchesTwin(twin());
    }

    @BeforeAll
    void forceWidth() {
        VectorWidths.force(bits());
    }

    @AfterAll
    void restorePreferredWidth() {
        VectorWidths.force(0);
    }

    @Test
    void runsAtTheRequestedWidth() {
        Assumptions.assumeTrue(kernel().isAvailable(), () -> VectorWidths.describe(bits()) + " cannot run here: "
                + kernel().unavailableReason().orElse(""));
        int expected = bits() == 0 ? VectorConfig.preferredBits() : bits();
        assertEquals(expected, VectorSupport.decision().bits());
    }
}
