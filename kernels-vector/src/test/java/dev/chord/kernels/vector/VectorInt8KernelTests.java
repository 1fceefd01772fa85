package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.kernels.scalar.matmul.ScalarInt8Kernel;
import org.junit.jupiter.api.Nested;

import java.util.Set;

/** {@code vector.int8} at 128 bits, 256 bits and the preferred width, against the suite and {@code ScalarInt8Kernel}. */
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

        @Override
        MatmulKernel twin() {
            return new ScalarInt8Kernel();
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
