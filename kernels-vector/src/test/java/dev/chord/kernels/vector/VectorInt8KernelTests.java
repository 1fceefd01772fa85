package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.kernels.scalar.matmul.ScalarInt8Kernel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Set;

/** {@code vector.int8} at 128 bits, 256 bits and the preferred width. */
class VectorInt8KernelTests {

    abstract class AtWidth extends VectorKernelWidthTest {
        @Override
        protected MatmulKernel kernel() {
            return new VectorInt8Kernel();
        }

        @Override
        protected Set<GgmlType> requiredFormats() {
            return VectorFormats.INT8;
        }

        @Test
        void matchesScalarInt8() {
            assertMatchesTwin(new ScalarInt8Kernel());
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
