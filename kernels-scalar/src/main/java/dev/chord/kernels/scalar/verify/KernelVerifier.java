package dev.chord.kernels.scalar.verify;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;
import dev.chord.gguf.GgufFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks a matmul kernel against references that do not share its code:
 * <ul>
 *   <li>an F64 product of the dequantized weights (the format's reference decoder) and the activations the
 *       kernel actually used: the F32 ones, or for {@link ActivationMode#QUANTIZED} kernels their
 *       quantized-then-dequantized form. Bound: NMSE {@value #NMSE_BOUND}, ggml's default for its backend
 *       comparisons (tests/test-backend-ops.cpp {@code max_nmse_err});</li>
 *   <li>for integer-activation kernels, llama.cpp's own result on the fixtures ({@code ggml_matvec}):
 *       relative error per row {@value #REL_BOUND};</li>
 *   <li>two kernels against each other (a vector kernel and its scalar twin): NMSE {@value #NMSE_BOUND}.</li>
 * </ul>
 * Inputs are seeded; shapes hit odd row counts, one block, many blocks and batches 1..17.
 */
public final class KernelVerifier {

    public static final double NMSE_BOUND = 1e-7;
    public static final double REL_BOUND = 1e-5;

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A test shape: rows x cols weights, batch activation rows. */
    public record Shape(int rows, int cols, int batch) {
        @Override
        public String toString() {
            return rows + "x" + cols + (batch == 1 ? " matvec" : " b" + batch);
        }
    }

    private final QuantFormats formats;
    private final long seed;

    public KernelVerifier(QuantFormats formats, long seed) {
        this.formats = formats;
        this.seed = seed;
    }

    /**
     * Shapes for a format: one block, a few blocks, many blocks, odd row counts, batches 1..21; the last
     * two have batches large enough for a kernel's batch path (dequantized panels), one of them with rows
     * longer than its column blocks and tails in both the weight rows and the activation rows.
     */
    public static List<Shape> shapesFor(GgmlType type) {
        int b = type.blockSize();
        int wide = b == 1 ? 1027 : Math.max(b, 4096 / b * b);
        return List.of(new Shape(1, b, 1), new Shape(3, 3 * b, 2), new Shape(7, 2 * b, 1), new Shape(33, wide, 1),
                new Shape(16, wide, 5), new Shape(67, 5 * b, 8), new Shape(5, 4 * b, 17),
                new Shape(2, b == 1 ? 7 : 7 * b, 3), new Shape(6, wide, 21));
    }

    /** Every shape of {@link #shapesFor} for {@code type}, through {@code kernel} bound to {@code executor}. */
    public List<KernelCheck> verifyRandom(MatmulKernel kernel, Matmul bound, GgmlType type) {
        List<KernelCheck> out = new ArrayList<>();
        for (Shape s : shapesFor(type)) {
            out.add(verifyShape(kernel, bound, type, s));
        }
        return out;
    }

    /** The kernel's product against the F64 reference on seeded random weights and activations. */
    public KernelCheck verifyShape(MatmulKernel kernel, Matmul bound, GgmlType type, Shape s) {
        QuantFormat f = formats.forType(type);
        SplittableRandom rnd = new SplittableRandom(seed ^ (type.id() * 0x9E3779B97F4A7C15L) ^ s.hashCode());
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix w = randomWeights(arena, f, s.rows(), s.cols(), rnd);
            float[] x = gaussian(rnd, s.batch() * s.cols(), 1.0);
            float[] y = new float[s.batch() * s.rows()];
            if (s.batch() == 1) {
                bound.matvec(w, x, 0, y, 0);
            } else {
                bound.matmul(w, x, s.batch(), y);
            }
            double[] ref = kernel.activationMode() == ActivationMode.QUANTIZED
                    ? quantizedReference(w, x, s.batch())
                    : reference(w, x, s.batch());
            double nmse = nmse(y, ref);
            return new KernelCheck(kernel.name(), type.ggmlName(), s.toString(), "nmse-vs-f64", nmse, NMSE_BOUND,
                    nmse <= NMSE_BOUND, "");
        }
    }

    /** Two kernels on the same seeded inputs; {@code reference} is usually the scalar twin of {@code candidate}. */
    public KernelCheck compare(MatmulKernel candidate, Matmul cand, MatmulKernel reference, Matmul ref, GgmlType type,
                               Shape s) {
        QuantFormat f = formats.forType(type);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED ^ s.hashCode() ^ type.id());
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix w = randomWeights(arena, f, s.rows(), s.cols(), rnd);
            float[] x = gaussian(rnd, s.batch() * s.cols(), 1.0);
            float[] a = new float[s.batch() * s.rows()];
            float[] b = new float[s.batch() * s.rows()];
            if (s.batch() == 1) {
                cand.matvec(w, x, 0, a, 0);
                ref.matvec(w, x, 0, b, 0);
            } else {
                cand.matmul(w, x, s.batch(), a);
                ref.matmul(w, x, s.batch(), b);
            }
            double[] bd = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                bd[i] = b[i];
            }
            double nmse = nmse(a, bd);
            return new KernelCheck(candidate.name(), type.ggmlName(), s.toString(), "nmse-vs-" + reference.name(), nmse,
                    NMSE_BOUND, nmse <= NMSE_BOUND, "");
        }
    }

    /**
     * An integer-activation kernel on a fixture file ({@code quantized} weights, activation {@code x}) against
     * llama.cpp's {@code ggml_matvec}: the largest relative error over rows. Rows whose expected value is
     * tiny compared to the largest row use that largest magnitude times 1e-6 as denominator (the fixtures
     * include all-zero and 1e-30 rows, where a relative error is meaningless).
     */
    public KernelCheck verifyFixture(MatmulKernel kernel, Matmul bound, Path fixture) throws IOException {
        try (GgufFile file = GgufFile.open(fixture)) {
            var q = file.tensor("quantized");
            GgmlType type = q.type();
            WeightMatrix w = q.asMatrix();
            var xt = file.tensor("x");
            float[] x = new float[(int) xt.elementCount()];
            formats.forType(GgmlType.F32).dequantizeRow(xt.data(), 0, x, 0, x.length);
            var gt = file.tensor("ggml_matvec");
            float[] expected = new float[(int) gt.elementCount()];
            formats.forType(GgmlType.F32).dequantizeRow(gt.data(), 0, expected, 0, expected.length);
            float[] y = new float[w.rows()];
            bound.matvec(w, x, 0, y, 0);
            double maxAbs = 0;
            for (float e : expected) {
                maxAbs = Math.max(maxAbs, Math.abs(e));
            }
            double floor = Math.max(maxAbs * 1e-6, Double.MIN_NORMAL);
            double worst = 0;
            int worstRow = -1;
            for (int r = 0; r < y.length; r++) {
                double rel = Math.abs((double) y[r] - expected[r]) / Math.max(Math.abs(expected[r]), floor);
                if (rel > worst || Double.isNaN(rel)) {
                    worst = rel;
                    worstRow = r;
                }
            }
            return new KernelCheck(kernel.name(), type.ggmlName(), w.rows() + "x" + w.cols() + " fixture",
                    "rel-vs-ggml", worst, REL_BOUND, worst <= REL_BOUND, worstRow < 0 ? "" : "worst row " + worstRow);
        }
    }

    /** x quantized to the activation format {@code act} and decoded again, row by row of {@code cols}. */
    private static float[] effectiveActivations(QuantFormat act, float[] x, int cols) {
        float[] out = new float[x.length];
        int rows = x.length / cols;
        MemorySegment buf = MemorySegment.ofArray(new byte[(int) act.type().bytesFor(cols)]);
        for (int r = 0; r < rows; r++) {
            act.quantizeActivationRow(x, r * cols, buf, 0, cols);
            act.dequantizeRow(buf, 0, out, r * cols, cols);
        }
        return out;
    }

    /**
     * What an integer-activation kernel computes, in double: the dequantized weights times the activations
     * quantized to the vec-dot format and decoded again. One correction makes it ggml's product: q8_1 stores
     * per block {@code s = d * sum(q)} rounded to fp16, and ggml's q4_1 and q5_1 dot products multiply the weight
     * block's min {@code m} (fp16 at byte 2 of {@code block_q4_1} / {@code block_q5_1}, ggml-common.h) by that
     * {@code s}, not by the decoded activations' sum; the difference is {@code m * (s - d*sum(q))} per block.
     */
    public double[] quantizedReference(WeightMatrix w, float[] x, int batch) {
        int cols = w.cols();
        QuantFormat act = formats.forType(formats.forType(w.type()).vecDotType());
        float[] decoded = effectiveActivations(act, x, cols);
        double[] y = reference(w, decoded, batch);
        if (act.type() != GgmlType.Q8_1) {
            return y;
        }
        int nb = cols / act.type().blockSize();
        MemorySegment buf = MemorySegment.ofArray(new byte[(int) act.type().bytesFor(cols)]);
        int wBlockBytes = w.type().blockBytes();
        for (int b = 0; b < batch; b++) {
            act.quantizeActivationRow(x, b * cols, buf, 0, cols);
            for (int r = 0; r < w.rows(); r++) {
                double correction = 0;
                for (int k = 0; k < nb; k++) {
                    double m = Float.float16ToFloat(w.data().get(HALF, w.rowOffset(r) + (long) k * wBlockBytes + 2));
                    double s = Float.float16ToFloat(buf.get(HALF, (long) k * act.type().blockBytes() + 2));
                    double decodedSum = 0;
                    for (int c = k * 32; c < k * 32 + 32; c++) {
                        decodedSum += decoded[b * cols + c];
                    }
                    correction += m * (s - decodedSum);
                }
                y[b * w.rows() + r] += correction;
            }
        }
        return y;
    }

    /** y[b][r] = sum_c w[r][c] * x[b][c] in double, with w from the format's reference decoder. */
    public double[] reference(WeightMatrix w, float[] x, int batch) {
        QuantFormat f = formats.forType(w.type());
        float[] row = new float[w.cols()];
        double[] y = new double[batch * w.rows()];
        for (int r = 0; r < w.rows(); r++) {
            f.dequantizeRow(w.data(), w.rowOffset(r), row, 0, w.cols());
            for (int b = 0; b < batch; b++) {
                double s = 0;
                int xo = b * w.cols();
                for (int c = 0; c < w.cols(); c++) {
                    s += (double) row[c] * x[xo + c];
                }
                y[b * w.rows() + r] = s;
            }
        }
        return y;
    }

    /** Normalised mean squared error: sum (a-ref)^2 / sum ref^2 (absolute when the reference is all zero). */
    public static double nmse(float[] a, double[] ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = a[i] - ref[i];
            num += d * d;
            den += ref[i] * ref[i];
        }
        if (Double.isNaN(num)) {
            return Double.NaN;
        }
        return den == 0 ? num : num / den;
    }

    /** Seeded random weights quantized by the format's reference quantizer; rows vary in scale. */
    public static WeightMatrix randomWeights(Arena arena, QuantFormat f, int rows, int cols, SplittableRandom rnd) {
        long rowBytes = f.type().bytesFor(cols);
        MemorySegment seg = arena.allocate(rowBytes * rows, 64);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            double scale = Math.pow(10, rnd.nextDouble(-1.5, 1.0));
            for (int c = 0; c < cols; c++) {
                row[c] = (float) (rnd.nextGaussian() * scale);
            }
            f.quantizeRow(row, 0, seg, r * rowBytes, cols);
        }
        return new WeightMatrix("random-" + f.name() + "-" + rows + "x" + cols, f.type(), seg, rows, cols);
    }

    public static float[] gaussian(SplittableRandom rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return v;
    }

    /** Convenience: every check for one kernel and format on a fresh binding. */
    public List<KernelCheck> verifyAll(MatmulKernel kernel, GgmlType type, ChordExecutor executor) {
        return verifyRandom(kernel, kernel.bind(executor), type);
    }
}
