package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.plugin.PluginRegistry;
import dev.chord.kernels.scalar.matmul.ScalarFusedKernel;
import dev.chord.kernels.scalar.matmul.ScalarInt8Kernel;
import dev.chord.kernels.scalar.matmul.ScalarUnfusedKernel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Automatic selection ranks the two vector kernels per format: int8 only where it measured faster. */
class KernelSelectionTest {

    private static PluginRegistry<MatmulKernel> all() {
        return PluginRegistry.of("kernel", MatmulKernel.class, List.of(new ScalarUnfusedKernel(), new ScalarFusedKernel(),
                new ScalarInt8Kernel(), new VectorFusedKernel(), new VectorInt8Kernel()));
    }

    @Test
    void int8IsChosenOnlyForTheFormatsWhereItIsFaster() {
        assumeTrue(VectorSupport.unavailableReason().isEmpty(), "vector kernels cannot run here");
        PluginRegistry<MatmulKernel> r = all();
        for (GgmlType t : VectorFormats.INT8) {
            String expected = VectorFormats.INT8_PREFERRED.contains(t) ? "vector.int8" : "vector.fused";
            assertEquals(expected, MatmulKernels.select(r, t, null).name(), t.ggmlName());
        }
        // formats without an int8 path always take the fused kernel
        assertEquals("vector.fused", MatmulKernels.select(r, GgmlType.F16, null).name());
    }

    @Test
    void aForcedKernelWinsOverTheRanking() {
        assertEquals("scalar.int8", MatmulKernels.select(all(), GgmlType.Q4_0, "scalar.int8").name());
    }
}
