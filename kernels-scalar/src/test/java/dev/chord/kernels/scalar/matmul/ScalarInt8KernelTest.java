package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.kernels.scalar.testing.KernelConformanceTest;

import java.util.EnumSet;
import java.util.Set;

/** {@code scalar.int8} as registered (llama.cpp's default weight buffers) against the shared kernel checks. */
class ScalarInt8KernelTest extends KernelConformanceTest {

    @Override
    protected MatmulKernel kernel() {
        return new ScalarInt8Kernel();
    }

    @Override
    protected Set<GgmlType> requiredFormats() {
        return EnumSet.of(GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.Q2_K,
                GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_NL, GgmlType.IQ4_XS);
    }
}
