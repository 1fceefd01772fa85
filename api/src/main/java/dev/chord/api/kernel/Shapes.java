package dev.chord.api.kernel;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.tensor.WeightMatrix;

/** The argument checks every kernel makes once per call, with messages naming tensor and sizes. */
public final class Shapes {
    private Shapes() {
    }

    /** The kernel computes with this weight format, or an error naming tensor, format and what is supported. */
    public static void checkFormat(MatmulKernel kernel, WeightMatrix w) {
        if (!kernel.supports(w.type())) {
            throw new IllegalArgumentException(w.name() + ": kernel " + kernel.name() + " does not support "
                    + w.type().ggmlName() + "; it supports " + kernel.formats());
        }
    }

    /**
     * The calling thread and every thread of {@code executor} may read the weights, or an error naming the tensor
     * (a segment of a confined arena, read by another thread, would fail deep inside a kernel).
     */
    public static void checkShared(WeightMatrix w, ChordExecutor executor) {
        if (!w.data().isAccessibleBy(Thread.currentThread())) {
            throw new IllegalArgumentException(w.name() + ": its memory belongs to a confined arena of another thread,"
                    + " which only that thread may read; call the kernel from that thread, or map or allocate the"
                    + " weights in a shared, automatic or global arena");
        }
        if (!executor.accessibleByAll(w.data())) {
            throw new IllegalArgumentException(w.name() + ": its memory belongs to a confined arena, which only its owner"
                    + " thread may read, but the executor runs " + executor.threads() + " threads; map or allocate"
                    + " the weights in a shared, automatic or global arena");
        }
    }

    public static void checkMatvec(WeightMatrix w, float[] x, int xOff, float[] y, int yOff) {
        if (xOff < 0 || x.length - (long) xOff < w.cols()) {
            throw new IllegalArgumentException(w.name() + ": activation needs " + w.cols() + " values from offset "
                    + xOff + ", array has " + x.length);
        }
        if (yOff < 0 || y.length - (long) yOff < w.rows()) {
            throw new IllegalArgumentException(w.name() + ": output needs " + w.rows() + " values from offset "
                    + yOff + ", array has " + y.length);
        }
    }

    public static void checkMatmul(WeightMatrix w, float[] x, int batch, float[] y) {
        if (batch < 1) {
            throw new IllegalArgumentException(w.name() + ": batch must be >= 1, got " + batch);
        }
        long needX = (long) batch * w.cols();
        if (x.length < needX) {
            throw new IllegalArgumentException(w.name() + ": activations need " + batch + "x" + w.cols() + " = " + needX
                    + " values, array has " + x.length);
        }
        long needY = (long) batch * w.rows();
        if (y.length < needY) {
            throw new IllegalArgumentException(w.name() + ": output needs " + batch + "x" + w.rows() + " = " + needY
                    + " values, array has " + y.length);
        }
    }
}
