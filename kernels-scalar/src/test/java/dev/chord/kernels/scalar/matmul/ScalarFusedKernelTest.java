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
        return EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0,
                GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.IQ4_NL, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K,
                GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_XS);
    }
}
