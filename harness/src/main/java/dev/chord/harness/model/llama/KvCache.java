package dev.chord.harness.model.llama;

/**
 * Keys and values of every layer for every position, stored as IEEE half floats (F16) like llama.cpp's
 * default cache type, so attention sees the same rounded values llama.cpp does. Layout per layer:
 * {@code [position][kvDim]}.
 */
final class KvCache {
    final short[][] k;
    final short[][] v;
    final int capacity;
    final int kvDim;

    KvCache(int layers, int capacity, int kvDim) {
        long bytes = 2L * 2 * layers * capacity * (long) kvDim;
        if ((long) capacity * kvDim > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("KV cache of " + capacity + " positions x " + kvDim
                    + " values per layer is too large; lower the context length");
        }
        this.k = new short[layers][capacity * kvDim];
        this.v = new short[layers][capacity * kvDim];
        this.capacity = capacity;
        this.kvDim = kvDim;
        assert bytes > 0;
    }

    void store(int layer, int pos, float[] kSrc, float[] vSrc, int off) {
        short[] kl = k[layer];
        short[] vl = v[layer];
        int base = pos * kvDim;
        for (int i = 0; i < kvDim; i++) {
            kl[base + i] = Float.floatToFloat16(kSrc[off + i]);
            vl[base + i] = Float.floatToFloat16(vSrc[off + i]);
        }
    }

    long bytes() {
        return 2L * 2 * k.length * (long) capacity * kvDim;
    }
}
