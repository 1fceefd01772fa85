package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.kernels.scalar.matmul.ScalarFusedKernel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Set;

/** {@code vector.fused} at 128 bits, 256 bits and the preferred width. */
class VectorFusedKernelTests {

    abstract class AtWidth extends VectorKernelWidthTest {
        @Override
        protected MatmulKernel kernel() {
            return new VectorFusedKernel();
        }

        @Override
        protected Set<GgmlType> requiredFormats() {
            return VectorFormats.FUSED;
        }

        @Test
        void matchesScalarFused() {
            assertMatchesTwin(new ScalarFusedKernel());
        }
    }

    @Nested
    class Bits128Test extends AtWidth {
        @Override
        int bits() {
            return 128;
        }
    }

    @Nested
    class Bits256Test extends AtWidth {
        @Override
        int bits() {
            return 256;
        }
    }

    @Nested
    class PreferredTest extends AtWidth {
        @Override
        int bits() {
            return 0;
        }
    }
}
