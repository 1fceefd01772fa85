package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.quant.UnsupportedFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facts each format states about itself, against ggml's tables. */
class FormatFactsTest {

    private static final QuantFormats FORMATS = QuantFormats.defaults();

    /** {@code vec_dot_type} from {@code type_traits_cpu} in ggml/src/ggml-cpu/ggml-cpu.c. */
    static final Map<GgmlType, GgmlType> VEC_DOT_TYPE = new EnumMap<>(Map.ofEntries(
            Map.entry(GgmlType.F32, GgmlType.F32),
            Map.entry(GgmlType.F16, GgmlType.F16),
            Map.entry(GgmlType.BF16, GgmlType.BF16),
            Map.entry(GgmlType.Q4_0, GgmlType.Q8_0),
            Map.entry(GgmlType.Q4_1, GgmlType.Q8_1),
            Map.entry(GgmlType.Q5_0, GgmlType.Q8_0),
            Map.entry(GgmlType.Q5_1, GgmlType.Q8_1),
            Map.entry(GgmlType.Q8_0, GgmlType.Q8_0),
            Map.entry(GgmlType.Q8_1, GgmlType.Q8_1),
            Map.entry(GgmlType.IQ4_NL, GgmlType.Q8_0),
            Map.entry(GgmlType.MXFP4, GgmlType.Q8_0),
            Map.entry(GgmlType.TQ2_0, GgmlType.Q8_K),
            Map.entry(GgmlType.Q2_K, GgmlType.Q8_K),
            Map.entry(GgmlType.Q3_K, GgmlType.Q8_K),
            Map.entry(GgmlType.Q4_K, GgmlType.Q8_K),
            Map.entry(GgmlType.Q5_K, GgmlType.Q8_K),
            Map.entry(GgmlType.Q6_K, GgmlType.Q8_K),
            Map.entry(GgmlType.Q8_K, GgmlType.Q8_K),
            Map.entry(GgmlType.IQ4_XS, GgmlType.Q8_K)));

    @Test
    void blockLayoutsHaveGgmlsBlockSize() {
        int checked = 0;
        for (QuantFormat f : FORMATS.registry().available()) {
            if (f instanceof BlockFormat b) {
                assertEquals(f.type().blockBytes(), b.layoutBytes(),
                        f.name() + ": the class's block layout is not ggml's size (ggml-common.h)");
                checked++;
            }
        }
        assertTrue(checked >= FixtureConformanceTest.EXPECTED_TYPES.size(), "only " + checked + " block formats registered");
    }

    @Test
    void vecDotTypesAreGgmlCpuBackends() {
        VEC_DOT_TYPE.forEach((type, vecDot) ->
                assertEquals(vecDot, FORMATS.forType(type).vecDotType(), type + " vec_dot_type (ggml-cpu.c type_traits_cpu)"));
    }

    @Test
    void everyFormatNamesItsTypeAndDescribesItself() {
        for (QuantFormat f : FORMATS.registry().available()) {
            assertEquals(f.type().ggmlName(), f.name());
            assertTrue(f.description().contains(f.type().ggmlName()), f.name() + ": " + f.description());
        }
    }

    /** Types Chord does not compute with: asking for one names it. */
    @ParameterizedTest
    @EnumSource(names = {"IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ3_S", "IQ2_S", "IQ1_M", "TQ1_0", "NVFP4", "Q1_0",
            "Q4_2", "Q4_3", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "IQ4_NL_4_4", "IQ4_NL_4_8", "IQ4_NL_8_8"})
    void unsupportedTypesAreRefusedByName(GgmlType type) {
        assertTrue(!FORMATS.supports(type), type + " unexpectedly supported");
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> FORMATS.forType(type));
        assertEquals(type, e.type());
        assertTrue(e.getMessage().contains(type.ggmlName()), e.getMessage());
        assertThrows(UnsupportedFormatException.class, () -> FORMATS.forName(type.ggmlName()));
    }
}
