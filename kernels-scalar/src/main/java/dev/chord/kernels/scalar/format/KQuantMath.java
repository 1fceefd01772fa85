package dev.chord.kernels.scalar.format;


/**
 * The arithmetic that ggml's K-quant and IQ4 quantizers share (ggml/src/ggml-quants.c, "2-6 bit quantization
 * in super-blocks" helpers and the IQ4 search), re-derived in Java.
 *
 * <p>Bit-exactness with ggml depends on doing the same float operations in the same order: every method
 * here keeps C's evaluation order ({@code w*x*l} is {@code (w*x)*l}), its int-to-float promotions and its
 * single-precision accumulators. Java float arithmetic is strict IEEE binary32 and the JIT never fuses
 * a multiply and an add, which matches ggml-base as built without FMA contraction.
 */
final class KQuantMath {
    private KQuantMath() {
    }

    /** Values per super-block ({@code QK_K} in ggml-common.h). */
    static final int QK_K = 256;

    /** Groups whose largest magnitude is below this are treated as all zero ({@code GROUP_MAX_EPS}). */
    static final float GROUP_MAX_EPS = 1e-15f;

    /**
     * The 16 levels of the non-linear 4-bit codebook, ascending ({@code kvalues_iq4nl} in ggml-common.h).
     * IQ4_NL uses the same table; this copy is kept local to the K-quant code on purpose.
     */
    static final byte[] IQ4NL_VALUES = IQ4_NLFormat.LEVELS;

    /** 1.5 * 2^23: adding it to a float of magnitude below 2^22 leaves the rounded integer in the low mantissa bits. */
    private static final float ROUNDING_MAGIC = 12582912f;

    /**
     * ggml's {@code nearest_int}: rounds to nearest, ties to even, by adding 1.5 * 2^23 and reading the
     * mantissa. Exact for |x| < 2^22; beyond that (and for NaN, which yields 0) it returns what ggml's
     * bit trick returns, so even degenerate inputs encode the same bytes.
     */
    static int nearestInt(float x) {
        int bits = Float.floatToRawIntBits(x + ROUNDING_MAGIC);
        return (bits & 0x007fffff) - 0x00400000;
    }

    /** ggml's {@code GGML_FP32_TO_FP16}: round to nearest even, as the raw 16 bits. */
    static short toHalf(float f) {
        return Float.floatToFloat16(f);
    }

    /** ggml's {@code GGML_FP16_TO_FP32} (exact). */
    static float fromHalf(short h) {
        return Float.float16ToFloat(h);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * ggml's {@code make_qx_quants} with {@code rmse_type == 1} and no importance weights (weight
     * {@code x*x}): a symmetric scale for levels {@code -nmax .. nmax-1}, refined over 18 candidate
     * inverse scales around {@code -nmax/max}. Writes levels offset by {@code nmax} into {@code L}.
     *
     * @return the scale (0 for an all-zero group)
     */
    static float makeQxQuants(int n, int nmax, float[] x, int xOff, byte[] L, int lOff) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; ++i) {
            float ax = Math.abs(x[xOff + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; ++i) {
                L[lOff + i] = 0;
            }
            return 0f;
        }
        float iscale = (float) -nmax / max;
        float sumlx = 0;
        float suml2 = 0;
        for (int i = 0; i < n; ++i) {
            float xi = x[xOff + i];
            int l = clamp(nearestInt(iscale * xi), -nmax, nmax - 1);
            L[lOff + i] = (byte) (l + nmax);
            float w = xi * xi;
            sumlx += w * xi * l;
            suml2 += w * l * l;
        }
        float scale = suml2 != 0 ? sumlx / suml2 : 0f;
        float best = scale * sumlx;
        for (int is = -9; is <= 9; ++is) {
            if (is == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * is) / max;
            sumlx = 0;
            suml2 = 0;
            for (int i = 0; i < n; ++i) {
                float xi = x[xOff + i];
                int l = clamp(nearestInt(iscale * xi), -nmax, nmax - 1);
                float w = xi * xi;
                sumlx += w * xi * l;
                suml2 += w * l * l;
            }
            if (suml2 > 0 && sumlx * sumlx > best * suml2) {
                for (int i = 0; i < n; ++i) {
                    int l = nearestInt(iscale * x[xOff + i]);
                    L[lOff + i] = (byte) (nmax + clamp(l, -nmax, nmax - 1));
                }
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }

    /**
     * ggml's {@code make_q3_quants} with {@code do_rmse}: a symmetric scale for levels {@code -nmax ..
     * nmax-1} found by coordinate descent on the {@code x*x}-weighted squared error (at most five
     * passes). Writes levels offset by {@code nmax} into {@code L}.
     */
    static float makeQ3Quants(int n, int nmax, float[] x, int xOff, byte[] L, int lOff) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; ++i) {
            float ax = Math.abs(x[xOff + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; ++i) {
                L[lOff + i] = 0;
            }
            return 0f;
        }
        float iscale = (float) -nmax / max;
        float sumlx = 0;
        float suml2 = 0;
        for (int i = 0; i < n; ++i) {
            float xi = x[xOff + i];
            int l = clamp(nearestInt(iscale * xi), -nmax, nmax - 1);
            L[lOff + i] = (byte) l;
            float w = xi * xi;
            sumlx += w * xi * l;
            suml2 += w * l * l;
        }
        for (int itry = 0; itry < 5; ++itry) {
            int changed = 0;
            for (int i = 0; i < n; ++i) {
                float xi = x[xOff + i];
                int li = L[lOff + i];
                float w = xi * xi;
                float slx = sumlx - w * xi * li;
                if (slx > 0) {
                    float sl2 = suml2 - w * li * li;
                    int newL = clamp(nearestInt(xi * sl2 / slx), -nmax, nmax - 1);
                    if (newL != li) {
                        slx += w * xi * newL;
                        sl2 += w * newL * newL;
                        if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                            L[lOff + i] = (byte) newL;
                            sumlx = slx;
                            suml2 = sl2;
                            ++changed;
                        }
                    }
                }
            }
            if (changed == 0) {
                break;
            }
        }
        for (int i = 0; i < n; ++i) {
            L[lOff + i] += (byte) nmax;
        }
        return suml2 > 0f ? sumlx / suml2 : 0f;
    }

    /**
     * ggml's {@code make_qkx2_quants}: an asymmetric fit {@code x ≈ scale*L - min} with levels
     * {@code 0 .. nmax}, searching {@code nstep+1} inverse scales {@code (rmin + rdelta*is + nmax)/(max-min)}
     * and solving weighted least squares for scale and min at each. {@code theMin[mOff]} receives the
     * (non-negative) min to subtract.
     *
     * @param useMad weigh absolute instead of squared errors
     * @return the scale
     */
    static float makeQkx2Quants(int n, int nmax, float[] x, int xOff, float[] weights, byte[] L, int lOff,
                                float[] theMin, int mOff, byte[] laux, float rmin, float rdelta, int nstep,
                                boolean useMad) {
        float min = x[xOff];
        float max = x[xOff];
        float sumW = weights[0];
        float sumX = sumW * x[xOff];
        for (int i = 1; i < n; ++i) {
            float xi = x[xOff + i];
            if (xi < min) {
                min = xi;
            }
            if (xi > max) {
                max = xi;
            }
            float w = weights[i];
            sumW += w;
            sumX += w * xi;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; ++i) {
                L[lOff + i] = 0;
            }
            theMin[mOff] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; ++i) {
            float xi = x[xOff + i];
            int l = clamp(nearestInt(iscale * (xi - min)), 0, nmax);
            L[lOff + i] = (byte) l;
            float diff = scale * l + min - xi;
            diff = useMad ? Math.abs(diff) : diff * diff;
            bestError += weights[i] * diff;
        }
        if (nstep < 1) {
            theMin[mOff] = -min;
            return scale;
        }
        for (int is = 0; is <= nstep; ++is) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; ++i) {
                float xi = x[xOff + i];
                int l = clamp(nearestInt(iscale * (xi - min)), 0, nmax);
                laux[i] = (byte) l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * xi;
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float curError = 0;
                for (int i = 0; i < n; ++i) {
                    float diff = thisScale * laux[i] + thisMin - x[xOff + i];
                    diff = useMad ? Math.abs(diff) : diff * diff;
                    curError += weights[i] * diff;
                }
                if (curError < bestError) {
                    System.arraycopy(laux, 0, L, lOff, n);
                    bestError = curError;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin[mOff] = -min;
        return scale;
    }

    /**
     * ggml's {@code best_index_int8} for the 16-entry codebook as of the fixtures' release: the index of
     * the level nearest {@code x}, ties to the upper level, distances computed in float.
     */
    static int bestIndexIq4(float x) {
        byte[] val = IQ4NL_VALUES;
        if (x <= val[0]) {
            return 0;
        }
        if (x >= val[15]) {
            return 15;
        }
        int ml = 0;
        int mu = 15;
        while (mu - ml > 1) {
            int mav = (ml + mu) / 2;
            if (x < val[mav]) {
                mu = mav;
            } else {
                ml = mav;
            }
        }
        return x - val[mu - 1] < val[mu] - x ? mu - 1 : mu;
    }

    /**
     * The per-32-value scale search of ggml's {@code quantize_row_iq4_nl_impl} without importance weights
     * (weight {@code x*x}): start from {@code -max/values[0]}, take the weighted least-squares scale of
     * the resulting indices, then try the {@code 2*ntry+1} inverse scales {@code (itry + values[0])/max}.
     *
     * @return the best scale (0 for an all-zero group)
     */
    static float iq4BlockScale(float[] x, int xOff, int blockSize, int ntry) {
        byte[] values = IQ4NL_VALUES;
        float amax = 0;
        float max = 0;
        for (int j = 0; j < blockSize; ++j) {
            float ax = Math.abs(x[xOff + j]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + j];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            return 0f;
        }
        float d = ntry > 0 ? -max / values[0] : max / values[0];
        float id = 1 / d;
        float sumqx = 0;
        float sumq2 = 0;
        for (int j = 0; j < blockSize; ++j) {
            float xj = x[xOff + j];
            float q = values[bestIndexIq4(id * xj)];
            float w = xj * xj;
            sumqx += w * q * xj;
            sumq2 += w * q * q;
        }
        // ggml divides unguarded here; 0/0 cannot happen because the largest |x| (>= 1e-15) has a
        // weight x*x that does not underflow, so sumq2 > 0.
        d = sumqx / sumq2;
        float best = d * sumqx;
        for (int itry = -ntry; itry <= ntry; ++itry) {
            id = (itry + values[0]) / max;
            sumqx = 0;
            sumq2 = 0;
            for (int j = 0; j < blockSize; ++j) {
                float xj = x[xOff + j];
                float q = values[bestIndexIq4(id * xj)];
                float w = xj * xj;
                sumqx += w * q * xj;
                sumq2 += w * q * q;
            }
            if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                d = sumqx / sumq2;
                best = d * sumqx;
            }
        }
        return d;
    }
}
