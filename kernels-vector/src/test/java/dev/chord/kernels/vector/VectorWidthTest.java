package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The width this JVM's kernels run at is the one asked for, and the declared formats are the built ones. */
class VectorWidthTest {

    @BeforeAll
    static void vectorApiUsable() {
        Assumptions.assumeTrue(VectorSupport.decision().available(), () -> VectorSupport.decision().unavailableReason());
    }

    @Test
    void runsTheForcedOrPreferredWidth() {
        String forced = System.getProperty("chord.vector.bits");
        int expected = forced == null || forced.isBlank() ? VectorConfig.preferredBits() : Integer.parseInt(forced.trim());
        assertEquals(expected, Lanes.BITS, "chord.vector.bits=" + forced);
        assertEquals(expected / 32, Lanes.FLOAT_LANES);
        System.out.println("vector kernels tested at " + VectorSupport.describe());
    }

    @Test
    void declaredFormatsAreTheBuiltRowDots() {
        VectorConfig v = VectorConfig.of(Lanes.BITS);
        assertEquals(new TreeSet<>(VectorFormats.FUSED), new TreeSet<>(VectorDots.fused(v).keySet()));
        assertEquals(new TreeSet<>(VectorFormats.INT8), new TreeSet<>(VectorDots.int8(v).keySet()));
    }

    @Test
    void anotherWidthThanTheJvmsIsRefused() {
        int other = Lanes.BITS == 128 ? 256 : 128;
        var e = assertThrows(IllegalStateException.class, () -> VectorDots.fused(VectorConfig.of(other)));
        assertTrue(e.getMessage().contains(Lanes.BITS + "-bit"), e.getMessage());
    }

    @Test
    void discoveryFindsBothKernelsAvailable() {
        for (String name : new String[] {"vector.fused", "vector.int8"}) {
            MatmulKernel k = MatmulKernels.registry().available().stream().filter(p -> p.name().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " not discovered: " + MatmulKernels.registry().table()));
            Set<GgmlType> f = k.formats();
            assertTrue(f.contains(GgmlType.Q4_0) && f.contains(GgmlType.Q8_0), name + " " + f);
        }
    }
}
