package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.kernels.scalar.matmul.ScalarFusedKernel;
import dev.chord.kernels.scalar.testing.KernelConformanceTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

/** vector.fused at the width this JVM runs (the module's pom runs the tests at 128, 256 and the preferred width). */
class VectorFusedKernelTest extends KernelConformanceTest {

    @Override
    protected MatmulKernel kernel() {
        return new VectorFusedKernel();
    }

    @Override
    protected Set<GgmlType> requiredFormats() {
        return EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0,
                GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.IQ4_NL);
    }

    @Test
    void matchesScalarFused() {
        Assumptions.assumeTrue(kernel().isAvailable(), () -> kernel().unavailableReason().orElse(""));
        assertMatchesTwin(new ScalarFusedKernel());
    }
}
