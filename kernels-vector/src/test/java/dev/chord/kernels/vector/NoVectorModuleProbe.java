package dev.chord.kernels.vector;

import dev.chord.api.kernel.F16VecOps;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.plugin.PluginRegistry;

/** Run by {@link VectorSupportTest} in a JVM without the incubator module: prints what discovery found. */
public final class NoVectorModuleProbe {
    private NoVectorModuleProbe() {
    }

    public static void main(String[] args) {
        for (PluginRegistry.Entry<MatmulKernel> e : MatmulKernels.registry().entries()) {
            System.out.println(e.name() + (e.available() ? " available" : " unavailable: " + e.unavailableReason()));
        }
        for (PluginRegistry.Entry<F16VecOps> e : F16VecOps.registry().entries()) {
            System.out.println(e.name() + (e.available() ? " available" : " unavailable: " + e.unavailableReason()));
        }
        System.out.println("f16 selected: " + F16VecOps.select(null).name());
    }
}
