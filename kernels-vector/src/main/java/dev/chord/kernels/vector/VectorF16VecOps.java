package dev.chord.kernels.vector;

import dev.chord.api.kernel.F16VecOps;

import java.util.Optional;

/**
 * {@code vector.f16}: flash attention's F16 routines in 16-lane Vector API registers, the lanes llama.cpp's
 * AVX-512 build uses, so results equal {@code scalar.f16} bit for bit. Discovered by ServiceLoader: mentions no
 * Vector API type; the lanes live in {@link F16Lanes}, loaded only when available.
 */
public final class VectorF16VecOps implements F16VecOps {

    @Override
    public String name() {
        return "vector.f16";
    }

    @Override
    public String description() {
        return "flash attention's F16 dot and multiply-add in 512-bit Vector API registers";
    }

    @Override
    public int preference() {
        return 10;
    }

    @Override
    public Optional<String> unavailableReason() {
        Optional<String> vector = VectorSupport.unavailableReason();
        if (vector.isPresent()) {
            return vector;
        }
        int preferred = VectorConfig.preferredBits();
        if (preferred < 512) {
            return Optional.of("needs 512-bit vectors (llama.cpp's AVX-512 lanes, 16 floats); this JVM prefers "
                    + preferred + " bits, so scalar.f16 emulates them");
        }
        return Optional.empty();
    }

    @Override
    public float dot(float[] x, int xo, short[] y, int yo, int n, float[] scratch) {
        return F16Lanes.dot(x, xo, y, yo, n, scratch);
    }

    @Override
    public void mad(float[] acc, short[] y, int yo, float v, int n) {
        F16Lanes.mad(acc, y, yo, v, n);
    }

    @Override
    public void scale(float[] acc, float v, int n) {
        F16Lanes.scale(acc, v, n);
    }

    @Override
    public void toFloat(short[] y, int yo, float[] out, int oo, int n) {
        F16Lanes.toFloat(y, yo, out, oo, n);
    }

    @Override
    public void madF32(float[] acc, short[] y, int yo, float v, int n) {
        F16Lanes.madF32(acc, y, yo, v, n);
    }
}
