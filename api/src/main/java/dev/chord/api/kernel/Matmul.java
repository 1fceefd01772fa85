package dev.chord.api.kernel;

import dev.chord.api.tensor.WeightMatrix;

/**
 * A kernel bound to an executor. Not thread-safe: one caller at a time (the executor supplies the
 * parallelism). Shapes are checked once per call, outside the inner loops, and a mismatch is an
 * {@link IllegalArgumentException} naming the tensor, the expected and the actual size.
 */
public interface Matmul {

    MatmulKernel kernel();

    /**
     * Matrix-vector product (decode): {@code y[yOff + r] = sum_c w[r][c] * x[xOff + c]} for every row r.
     */
    void matvec(WeightMatrix w, float[] x, int xOff, float[] y, int yOff);

    default void matvec(WeightMatrix w, float[] x, float[] y) {
        matvec(w, x, 0, y, 0);
    }

    /**
     * Matrix-matrix product over a batch of activation rows (prompt processing):
     * {@code y[b * w.rows() + r] = sum_c w[r][c] * x[b * w.cols() + c]} for b in {@code [0, batch)}.
     * Implementations reuse each decoded weight block across several activation rows.
     */
    void matmul(WeightMatrix w, float[] x, int batch, float[] y);
}
