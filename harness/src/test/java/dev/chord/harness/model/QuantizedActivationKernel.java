package dev.chord.harness.model;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.kernels.scalar.matmul.ScalarUnfusedKernel;
import dev.chord.kernels.scalar.verify.KernelVerifier;

import java.util.Set;

/** Test kernel: scalar.unfused on activations quantized to the vec-dot type and decoded again (what int8 kernels compute). */
final class QuantizedActivationKernel implements MatmulKernel {
    private final ScalarUnfusedKernel inner = new ScalarUnfusedKernel();

    @Override
    public String name() {
        return "test.qact";
    }

    @Override
    public Set<GgmlType> formats() {
        return inner.formats();
    }

    @Override
    public ActivationMode activationMode() {
        return ActivationMode.QUANTIZED;
    }

    @Override
    public boolean fused() {
        return false;
    }

    @Override
    public int preference() {
        return 100;
    }

    @Override
    public Matmul bind(ChordExecutor executor) {
        Matmul m = inner.bind(executor);
        KernelVerifier v = new KernelVerifier(QuantFormats.defaults(), 0);
        MatmulKernel self = this;
        return new Matmul() {
            @Override
            public MatmulKernel kernel() {
                return self;
            }

            @Override
            public void matvec(WeightMatrix w, float[] x, int xOff, float[] y, int yOff) {
                float[] xs = java.util.Arrays.copyOfRange(x, xOff, xOff + w.cols());
                m.matvec(w, v.effectiveActivations(self, w.type(), xs, w.cols()), 0, y, yOff);
            }

            @Override
            public void matmul(WeightMatrix w, float[] x, int batch, float[] y) {
                float[] xs = java.util.Arrays.copyOf(x, batch * w.cols());
                m.matmul(w, v.effectiveActivations(self, w.type(), xs, w.cols()), batch, y);
            }
        };
    }
}
