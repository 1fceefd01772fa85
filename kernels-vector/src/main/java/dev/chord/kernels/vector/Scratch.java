package dev.chord.kernels.vector;

/**
 * Per-thread float arrays the row dots decode a row's super-block scales into before the dot loop, which
 * then broadcasts them from memory (a load, where a lane shuffle would take a vector port). Not a
 * template: it holds no Vector API type. Row dots of different formats share it; a row dot never calls
 * another. Arrays grow to the largest row seen, so calls allocate nothing in steady state.
 */
final class Scratch {
    private Scratch() {
    }

    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[1024]);

    /** This thread's scratch array, at least {@code n} floats long. */
    static float[] floats(int n) {
        float[] a = FLOATS.get();
        if (a.length < n) {
            a = new float[Math.max(n, 2 * a.length)];
            FLOATS.set(a);
        }
        return a;
    }
}
