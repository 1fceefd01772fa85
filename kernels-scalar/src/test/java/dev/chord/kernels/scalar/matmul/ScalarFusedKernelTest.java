package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.kernels.scalar.testing.KernelConformanceTest;

import java.util.EnumSet;
import java.util.Set;

class ScalarFusedKernelTest extends KernelConformanceTest {

    @Override
    protected MatmulKernel kernel() {
        return new ScalarFusedKernel();
    }

    @Override
    protected Set<GgmlType> requiredFormats() {
        return EnumSet.of(GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_XS);
    }
}
