package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.testing.Fixtures;
import dev.chord.gguf.GgufFile;
import dev.chord.kernels.scalar.conformance.CheckResult;
import dev.chord.kernels.scalar.conformance.FormatConformance;
import dev.chord.kernels.scalar.conformance.ReferenceVectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every registered format against llama.cpp's own output ({@code quant-TYPE.gguf} in the fixtures):
 * dequantize bit for bit, quantize byte for byte, and the activation quantizer of the vec-dot type byte
 * for byte. Types with a fixture but no registered format are skipped with a message, unless they are in
 * {@link #EXPECTED_TYPES}, which must all be registered.
 */
class FixtureConformanceTest {

    /** The types this module implements; adding a format is one line here. */
    static final Set<GgmlType> EXPECTED_TYPES = Set.of(
            GgmlType.F32, GgmlType.F16, GgmlType.BF16,
            GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.Q8_1,
            GgmlType.IQ4_NL, GgmlType.MXFP4, GgmlType.TQ2_0,
            GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.Q8_K,
            GgmlType.IQ4_XS);

    private static final QuantFormats FORMATS = QuantFormats.defaults();
    private static final FormatConformance CONFORMANCE = new FormatConformance(FORMATS);

    /** The types that have a fixture file, by ggml name. */
    static Stream<String> fixtureTypes() throws IOException {
        Path dir = Fixtures.dir().resolve("quant");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("quant-") && n.endsWith(".gguf"))
                    .map(n -> n.substring("quant-".length(), n.length() - ".gguf".length()))
                    .sorted().toList();
            assertTrue(!names.isEmpty(), "no quant-*.gguf in " + dir);
            return names.stream();
        }
    }

    @Test
    void everyExpectedTypeIsRegistered() {
        for (GgmlType t : EXPECTED_TYPES) {
            assertTrue(FORMATS.supports(t), t + " has no registered QuantFormat; registry:\n" + FORMATS.registry().table());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureTypes")
    void dequantizeMatchesGgmlBitForBit(String type) throws IOException {
        check(type, (c, v) -> c.checkDequantize(v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureTypes")
    void quantizeMatchesGgmlByteForByte(String type) throws IOException {
        check(type, (c, v) -> c.checkQuantize(v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureTypes")
    void activationQuantizerMatchesGgmlCpuBackend(String type) throws IOException {
        check(type, (c, v) -> {
            Assumptions.assumeTrue(v.x().isPresent(), type + " has no activation vectors (it is itself an activation type)");
            return c.checkActivation(v);
        });
    }

    private static void check(String typeName, BiFunction<FormatConformance, ReferenceVectors, CheckResult> check)
            throws IOException {
        GgmlType type = GgmlType.parse(typeName);
        Assumptions.assumeTrue(FORMATS.supports(type) || EXPECTED_TYPES.contains(type),
                typeName + " has a fixture but no registered format on this branch");
        Path file = Fixtures.quant(typeName);
        try (GgufFile gguf = GgufFile.open(file)) {
            ReferenceVectors v = ReferenceVectors.read(n -> gguf.findTensor(n).map(t -> gguf.tensor(n)), file.toString());
            assertEquals(type, v.type(), file + ": tensor 'quantized' type");
            CheckResult r = check.apply(CONFORMANCE, v);
            switch (r.status()) {
                case OK -> { }
                case UNSUPPORTED -> Assumptions.abort(r.type() + " " + r.check().label() + ": " + r.detail());
                case FAILED -> fail(r.type() + " " + r.check().label() + ": " + r.measured() + " (bound " + r.bound()
                        + "); " + r.detail());
            }
        }
    }

}
