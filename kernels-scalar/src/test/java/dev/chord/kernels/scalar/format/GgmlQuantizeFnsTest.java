package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llama.cpp's own quantization test ({@code tests/test-quantize-fns.cpp}) run on Chord's formats, with its
 * data, its error measure and its thresholds: the floor every format must clear. The data is
 * {@code 0.1 + 2 cos(i)} for 4096 values; the measure is {@code sqrt(sum (a_i - b_i)^2) / n} (ggml's
 * {@code array_rmse}, which divides the root by n, not inside it).
 * <ul>
 *   <li>absolute error: the CPU quantizer ({@code from_float}: {@link QuantFormat#quantizeActivationRow})
 *       then {@code to_float}, against the data, below {@link #MAX_TOTAL_ERROR} for the type;</li>
 *   <li>reference error: {@code from_float} against {@code from_float_ref} ({@link QuantFormat#quantizeRow}),
 *       both decoded, below {@code MAX_QUANTIZATION_REFERENCE_ERROR = 0.0001}.</li>
 * </ul>
 * Generic over the registry; types ggml gives no special threshold get its default 0.002.
 */
class GgmlQuantizeFnsTest {

    private static final int TEST_SIZE = 32 * 128;
    private static final double MAX_QUANTIZATION_REFERENCE_ERROR = 0.0001;
    private static final double MAX_QUANTIZATION_TOTAL_ERROR = 0.002;

    /** test-quantize-fns.cpp's per-type thresholds (the constant names are ggml's). */
    static final Map<GgmlType, Double> MAX_TOTAL_ERROR = new EnumMap<>(Map.of(
            GgmlType.Q1_0, 0.025,    // MAX_QUANTIZATION_TOTAL_ERROR_BINARY
            GgmlType.TQ1_0, 0.01,    // MAX_QUANTIZATION_TOTAL_ERROR_TERNARY
            GgmlType.TQ2_0, 0.01,    // MAX_QUANTIZATION_TOTAL_ERROR_TERNARY
            GgmlType.Q2_K, 0.0075,   // MAX_QUANTIZATION_TOTAL_ERROR_2BITS
            GgmlType.IQ2_S, 0.0075,  // MAX_QUANTIZATION_TOTAL_ERROR_2BITS
            GgmlType.Q3_K, 0.0040,   // MAX_QUANTIZATION_TOTAL_ERROR_3BITS
            GgmlType.IQ3_S, 0.0040,  // MAX_QUANTIZATION_TOTAL_ERROR_3BITS
            GgmlType.IQ3_XXS, 0.0050, // MAX_QUANTIZATION_TOTAL_ERROR_3BITS_XXS
            GgmlType.NVFP4, 0.0030   // MAX_QUANTIZATION_TOTAL_ERROR_FP4
    ));

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> quantizers() {
        return QuantFormatPropertyTest.quantizers();
    }

    /** {@code generate_data(0.0, n, dst)}: {@code 0.1 + 2 cos(i)}. */
    static float[] ggmlTestData() {
        float[] x = new float[TEST_SIZE];
        for (int i = 0; i < TEST_SIZE; i++) {
            x[i] = (float) (0.1 + 2.0f * (float) Math.cos(i));
        }
        return x;
    }

    /** ggml's {@code array_rmse}. */
    static double ggmlRmse(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum) / a.length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void absoluteQuantizationErrorBelowGgmlsThreshold(QuantFormat f) {
        float[] x = ggmlTestData();
        double error = ggmlRmse(x, QuantFormatPropertyTest.roundTrip(f, QuantFormatPropertyTest.Quantizer.ACTIVATION, x));
        double max = MAX_TOTAL_ERROR.getOrDefault(f.type(), MAX_QUANTIZATION_TOTAL_ERROR);
        assertTrue(error < max, f.name() + " absolute quantization error " + error + " >= ggml's " + max);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quantizers")
    void cpuQuantizerAgreesWithReferenceWithinGgmlsThreshold(QuantFormat f) {
        float[] x = ggmlTestData();
        double error = ggmlRmse(QuantFormatPropertyTest.roundTrip(f, QuantFormatPropertyTest.Quantizer.ACTIVATION, x),
                QuantFormatPropertyTest.roundTrip(f, QuantFormatPropertyTest.Quantizer.REFERENCE, x));
        assertTrue(error < MAX_QUANTIZATION_REFERENCE_ERROR,
                f.name() + " reference implementation error " + error + " >= ggml's " + MAX_QUANTIZATION_REFERENCE_ERROR);
    }
}
