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
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The declared formats are the built row dots, discovery finds both kernels, and each width gets its own code. */
class VectorWidthTest {

    @BeforeAll
    static void vectorApiUsable() {
        Assumptions.assumeTrue(VectorSupport.decision().available(), () -> VectorSupport.decision().unavailableReason());
    }

    @Test
    void declaredFormatsAreTheBuiltRowDots() {
        for (int bits : new int[] {128, VectorConfig.preferredBits()}) {
            VectorConfig v = VectorConfig.of(bits);
            assertEquals(new TreeSet<>(VectorFormats.FUSED), new TreeSet<>(VectorDots.fused(v).keySet()), bits + " bits");
            assertEquals(new TreeSet<>(VectorFormats.INT8), new TreeSet<>(VectorDots.int8(v).keySet()), bits + " bits");
        }
    }

    /** Each width runs its own copy of a row-dot class, whose species are constants of that copy. */
    @Test
    void widthsGetSeparateCopiesOfTheRowDots() {
        Assumptions.assumeTrue(VectorConfig.preferredBits() > 128, "only 128-bit vectors here");
        Object narrow = VectorDots.fused(VectorConfig.of(128)).get(GgmlType.Q8_0);
        Object wide = VectorDots.fused(VectorConfig.of(VectorConfig.preferredBits())).get(GgmlType.Q8_0);
        assertNotSame(narrow.getClass(), wide.getClass());
        assertTrue(narrow.getClass().isHidden() && wide.getClass().isHidden(), narrow.getClass() + " " + wide.getClass());
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
