package dev.chord.kernels.vector;

/**
 * Forces the vector width for the kernels made after the call (tests run the same kernels at 128 bits,
 * 256 bits and the preferred width in one JVM). {@link VectorSupport} caches its decision, so each change
 * resets it.
 */
final class VectorWidths {
    private VectorWidths() {
    }

    /** {@code bits} 128 or 256 forces that width; 0 means the preferred width. */
    static void force(int bits) {
        if (bits == 0) {
            System.clearProperty("chord.vector.bits");
        } else {
            System.setProperty("chord.vector.bits", Integer.toString(bits));
        }
        VectorSupport.reset();
    }

    static String describe(int bits) {
        return bits == 0 ? "preferred (" + VectorConfig.preferredBits() + " bits)" : bits + " bits";
    }
}
