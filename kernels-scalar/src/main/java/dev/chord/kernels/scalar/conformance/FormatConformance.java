package dev.chord.kernels.scalar.conformance;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.quant.UnsupportedFormatException;
import dev.chord.api.tensor.TensorView;
import dev.chord.kernels.scalar.conformance.CheckResult.Check;
import dev.chord.kernels.scalar.conformance.CheckResult.Status;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares Chord's formats with ggml's output on the same input, row by row:
 * <ul>
 *   <li>{@link Check#DEQUANTIZE}: {@code dequantizeRow(quantized)} equals {@code dequantized} bit for bit;</li>
 *   <li>{@link Check#QUANTIZE}: {@code quantizeRow(source)} equals {@code quantized} byte for byte, or, for a
 *       type listed in {@link #KNOWN_QUANTIZER_DIFFERENCES}, round-trips {@code source} with an RMSE no
 *       worse than ggml's bytes do (both decoded by Chord's format, whose decoder the first check holds
 *       to ggml's);</li>
 *   <li>{@link Check#ACTIVATION}: the vec-dot format's {@code quantizeActivationRow(x)} equals
 *       {@code x_for_vec_dot} byte for byte.</li>
 * </ul>
 * A type without a registered format is {@link Status#UNSUPPORTED}, never a failure.
 */
public final class FormatConformance {

    /**
     * Types whose quantizer cannot match ggml's bytes, with the reason; for these the quantize check
     * compares round-trip RMSE instead. One line per type. Empty: every format here matches ggml exactly.
     */
    public static final Map<GgmlType, String> KNOWN_QUANTIZER_DIFFERENCES = Map.of();

    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final QuantFormats formats;
    private final Map<GgmlType, String> knownQuantizerDifferences;

    /** Checks {@code formats}, allowing the differences in {@link #KNOWN_QUANTIZER_DIFFERENCES}. */
    public FormatConformance(QuantFormats formats) {
        this(formats, KNOWN_QUANTIZER_DIFFERENCES);
    }

    /** Checks {@code formats}, allowing the quantizer differences given (type to reason). */
    public FormatConformance(QuantFormats formats, Map<GgmlType, String> knownQuantizerDifferences) {
        this.formats = Objects.requireNonNull(formats, "formats");
        this.knownQuantizerDifferences = Map.copyOf(knownQuantizerDifferences);
    }

    /** Every check that applies to {@code v}, in the order dequantize, quantize, activation. */
    public List<CheckResult> checkAll(ReferenceVectors v) {
        List<CheckResult> out = new ArrayList<>(3);
        out.add(checkDequantize(v));
        out.add(checkQuantize(v));
        if (v.x().isPresent()) {
            out.add(checkActivation(v));
        }
        return out;
    }

    public CheckResult checkDequantize(ReferenceVectors v) {
        String name = v.type().ggmlName();
        QuantFormat f;
        try {
            f = formats.forType(v.type());
        } catch (UnsupportedFormatException e) {
            return CheckResult.unsupported(name, Check.DEQUANTIZE, e.getMessage());
        }
        String shapeProblem = sameShape(v.quantized(), v.dequantized(), GgmlType.F32);
        if (shapeProblem != null) {
            return CheckResult.failed(name, Check.DEQUANTIZE, shapeProblem);
        }
        int cols = (int) v.quantized().dim(0);
        long rows = v.quantized().elementCount() / cols;
        long rowBytes = v.type().bytesFor(cols);
        float[] got = new float[cols];
        long differing = 0;
        double maxAbsDiff = 0;
        String first = "";
        for (long r = 0; r < rows; r++) {
            f.dequantizeRow(v.quantized().data(), r * rowBytes, got, 0, cols);
            for (int c = 0; c < cols; c++) {
                float want = v.dequantized().data().getAtIndex(F32_LE, r * cols + c);
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got[c])) {
                    if (differing++ == 0) {
                        first = String.format(Locale.ROOT, "first at row %d, column %d: got %s, ggml %s",
                                r, c, bits(got[c]), bits(want));
                    }
                    maxAbsDiff = Math.max(maxAbsDiff, Math.abs((double) want - got[c]));
                }
            }
        }
        String measured = differing + " of " + rows * cols + " values differ, max |diff| " + (float) maxAbsDiff;
        return new CheckResult(name, Check.DEQUANTIZE, differing == 0 ? Status.OK : Status.FAILED, measured,
                "0 differ", first);
    }

    public CheckResult checkQuantize(ReferenceVectors v) {
        String name = v.type().ggmlName();
        QuantFormat f;
        try {
            f = formats.forType(v.type());
        } catch (UnsupportedFormatException e) {
            return CheckResult.unsupported(name, Check.QUANTIZE, e.getMessage());
        }
        if (!f.canQuantize()) {
            return CheckResult.unsupported(name, Check.QUANTIZE, name + " has no quantizer in Chord");
        }
        String shapeProblem = sameShape(v.quantized(), v.source(), GgmlType.F32);
        if (shapeProblem != null) {
            return CheckResult.failed(name, Check.QUANTIZE, shapeProblem);
        }
        int cols = (int) v.quantized().dim(0);
        long rows = v.quantized().elementCount() / cols;
        long rowBytes = v.type().bytesFor(cols);
        float[] src = new float[cols];
        float[] ours = new float[cols];
        float[] ggml = new float[cols];
        double sqOurs = 0;
        double sqGgml = 0;
        long differing = 0;
        String first = "";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(rowBytes);
            for (long r = 0; r < rows; r++) {
                MemorySegment.copy(v.source().data(), F32_LE, r * cols * Float.BYTES, src, 0, cols);
                f.quantizeRow(src, 0, buf, 0, cols);
                MemorySegment want = v.quantized().data().asSlice(r * rowBytes, rowBytes);
                long rowDiff = countDifferentBytes(buf, want);
                if (rowDiff > 0 && differing == 0) {
                    long at = buf.mismatch(want);
                    first = String.format(Locale.ROOT, "first at row %d, byte %d (block %d): got 0x%02x, ggml 0x%02x",
                            r, at, at / v.type().blockBytes(), buf.get(ValueLayout.JAVA_BYTE, at),
                            want.get(ValueLayout.JAVA_BYTE, at));
                }
                differing += rowDiff;
                f.dequantizeRow(buf, 0, ours, 0, cols);
                f.dequantizeRow(want, 0, ggml, 0, cols);
                sqOurs += squaredError(src, ours);
                sqGgml += squaredError(src, ggml);
            }
        } catch (IllegalArgumentException e) {
            return CheckResult.failed(name, Check.QUANTIZE, e.getMessage());
        }
        long total = rows * rowBytes;
        double n = (double) rows * cols;
        double rmseOurs = Math.sqrt(sqOurs / n);
        double rmseGgml = Math.sqrt(sqGgml / n);
        String measured = differing + " of " + total + " bytes differ";
        String why = knownQuantizerDifferences.get(v.type());
        if (differing == 0 || why == null) {
            return new CheckResult(name, Check.QUANTIZE, differing == 0 ? Status.OK : Status.FAILED, measured,
                    "0 differ", first);
        }
        boolean noWorse = rmseOurs <= rmseGgml;
        return new CheckResult(name, Check.QUANTIZE, noWorse ? Status.OK : Status.FAILED,
                measured + String.format(Locale.ROOT, ", round-trip RMSE %.6g", rmseOurs),
                String.format(Locale.ROOT, "RMSE <= ggml's %.6g", rmseGgml), "bytes cannot match: " + why);
    }

    public CheckResult checkActivation(ReferenceVectors v) {
        String name = v.type().ggmlName();
        TensorView x = v.x().orElseThrow(() -> new IllegalArgumentException(name + ": no activation vectors"));
        TensorView want = v.xForVecDot().orElseThrow();
        QuantFormat f;
        try {
            f = formats.forType(want.type());
        } catch (UnsupportedFormatException e) {
            return CheckResult.unsupported(name, Check.ACTIVATION, "vec-dot type: " + e.getMessage());
        }
        String shapeProblem = sameShape(want, x, GgmlType.F32);
        if (shapeProblem != null) {
            return CheckResult.failed(name, Check.ACTIVATION, shapeProblem);
        }
        int cols = (int) want.dim(0);
        long rows = want.elementCount() / cols;
        long rowBytes = want.type().bytesFor(cols);
        float[] src = new float[cols];
        long differing = 0;
        String first = "";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(rowBytes);
            for (long r = 0; r < rows; r++) {
                MemorySegment.copy(x.data(), F32_LE, r * cols * Float.BYTES, src, 0, cols);
                f.quantizeActivationRow(src, 0, buf, 0, cols);
                MemorySegment expected = want.data().asSlice(r * rowBytes, rowBytes);
                long rowDiff = countDifferentBytes(buf, expected);
                if (rowDiff > 0 && differing == 0) {
                    long at = buf.mismatch(expected);
                    first = String.format(Locale.ROOT, "first at row %d, byte %d: got 0x%02x, ggml 0x%02x", r, at,
                            buf.get(ValueLayout.JAVA_BYTE, at), expected.get(ValueLayout.JAVA_BYTE, at));
                }
                differing += rowDiff;
            }
        } catch (IllegalArgumentException e) {
            return CheckResult.failed(name, Check.ACTIVATION, e.getMessage());
        }
        String measured = want.type().ggmlName() + ": " + differing + " of " + rows * rowBytes + " bytes differ";
        return new CheckResult(name, Check.ACTIVATION, differing == 0 ? Status.OK : Status.FAILED, measured,
                "0 differ", first);
    }

    /** Null if {@code other} has {@code t}'s shape and type {@code otherType}, else what is wrong. */
    private static String sameShape(TensorView t, TensorView other, GgmlType otherType) {
        if (other.type() != otherType) {
            return "tensor '" + other.name() + "' is " + other.type() + ", expected " + otherType;
        }
        if (!Arrays.equals(t.shape(), other.shape())) {
            return "tensor '" + other.name() + "' has shape " + Arrays.toString(other.shape()) + ", '" + t.name()
                    + "' has " + Arrays.toString(t.shape());
        }
        if (t.dim(0) > Integer.MAX_VALUE) {
            return "rows of " + t.dim(0) + " values are too long";
        }
        return null;
    }

    private static long countDifferentBytes(MemorySegment a, MemorySegment b) {
        long n = 0;
        for (long i = 0; i < a.byteSize(); i++) {
            if (a.get(ValueLayout.JAVA_BYTE, i) != b.get(ValueLayout.JAVA_BYTE, i)) {
                n++;
            }
        }
        return n;
    }

    private static double squaredError(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            s += d * d;
        }
        return s;
    }

    private static String bits(float f) {
        return f + String.format(Locale.ROOT, " (0x%08x)", Float.floatToRawIntBits(f));
    }
}
