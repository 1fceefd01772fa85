package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * An F32 matrix product on weights already dequantized into a panel: the batch path of a kernel with F32
 * activations. With many activation rows, decoding every weight once per call and running a register-tiled
 * F32 product does less work per weight than decoding it again for every tile of activation rows.
 */
public interface PanelGemm {

    /**
     * {@code y[yOff + b*yStride + r] = sum_k w[r*cols + k] * x[xOff + b*cols + k]} for {@code r < rows},
     * {@code b < batch}.
     */
    void multiply(float[] w, int rows, int cols, float[] x, int xOff, int batch, float[] y, int yOff, int yStride);

    /**
     * Decodes one weight row of {@code type} into {@code dst} if this product has a faster decoder for the
     * type than the format's reference one; false leaves it to the reference decoder. Must equal the reference
     * decode value for value.
     */
    default boolean dequantizeRow(GgmlType type, MemorySegment w, long offset, float[] dst, int dstOff, int cols) {
        return false;
    }
}
