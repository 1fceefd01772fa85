package dev.chord.kernels.scalar.matmul;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.Shapes;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;

import java.util.EnumSet;
import java.util.Set;

/**
 * The baseline every speedup is quoted against: dequantize a weight row to F32 with the format's
 * reference decoder, then a plain F32 dot product. The matrix-matrix path decodes each row once and reuses
 * it for every activation row of the batch.
 */
public final class ScalarUnfusedKernel implements MatmulKernel {

    @Override
    public String name() {
        return "scalar.unfused";
    }

    @Override
    public String description() {
        return "reference: dequantize a row to F32, then dot (the speedup baseline)";
    }

    @Override
    public Set<GgmlType> formats() {
        Set<GgmlType> s = EnumSet.noneOf(GgmlType.class);
        for (QuantFormat f : QuantFormats.defaults().registry().available()) {
            s.add(f.type());
        }
        return s;
    }

    @Override
    public ActivationMode activationMode() {
        return ActivationMode.F32;
    }

    @Override
    public boolean fused() {
        return false;
    }

    @Override
    public int preference() {
        return 0;
    }

    @Override
    public Matmul bind(ChordExecutor executor) {
        return new Bound(this, executor);
    }

    /** One binding: per-worker row buffers, grown when a wider matrix arrives, then reused. */
    private static final class Bound implements Matmul, ChordExecutor.RangeTask {
        private final MatmulKernel kernel;
        private final ChordExecutor executor;
        private final QuantFormats formats = QuantFormats.defaults();
        private float[][] rowBuffers;

        // the call in progress (set before parallelFor, read by workers)
        private WeightMatrix w;
        private QuantFormat format;
        private float[] x;
        private int xOff;
        private float[] y;
        private int yOff;
        private int batch;

        Bound(MatmulKernel kernel, ChordExecutor executor) {
            this.kernel = kernel;
            this.executor = executor;
            this.rowBuffers = new float[executor.threads()][0];
        }

        @Override
        public MatmulKernel kernel() {
            return kernel;
        }

        @Override
        public void matvec(WeightMatrix w, float[] x, int xOff, float[] y, int yOff) {
            Shapes.checkMatvec(w, x, xOff, y, yOff);
            Shapes.checkShared(w, executor);
            run(w, x, xOff, y, yOff, 1);
        }

        @Override
        public void matmul(WeightMatrix w, float[] x, int batch, float[] y) {
            Shapes.checkMatmul(w, x, batch, y);
            Shapes.checkShared(w, executor);
            run(w, x, 0, y, 0, batch);
        }

        private void run(WeightMatrix w, float[] x, int xOff, float[] y, int yOff, int batch) {
            this.format = formats.forType(w.type());
            if (rowBuffers[0].length < w.cols()) {
                for (int i = 0; i < rowBuffers.length; i++) {
                    rowBuffers[i] = new float[w.cols()];
                }
            }
            this.w = w;
            this.x = x;
            this.xOff = xOff;
            this.y = y;
            this.yOff = yOff;
            this.batch = batch;
            try {
                executor.parallelFor(w.rows(), this);
            } finally {
                this.w = null;
                this.x = null;
                this.y = null;
            }
        }

        @Override
        public void run(int worker, int from, int to) {
            float[] row = rowBuffers[worker];
            int cols = w.cols();
            int rows = w.rows();
            long rowBytes = w.rowBytes();
            for (int r = from; r < to; r++) {
                format.dequantizeRow(w.data(), r * rowBytes, row, 0, cols);
                for (int b = 0; b < batch; b++) {
                    int xo = xOff + b * cols;
                    float sum = 0f;
                    for (int c = 0; c < cols; c++) {
                        sum += row[c] * x[xo + c];
                    }
                    y[yOff + b * rows + r] = sum;
                }
            }
        }
    }
}
