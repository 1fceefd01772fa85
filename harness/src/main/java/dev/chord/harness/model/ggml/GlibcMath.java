package dev.chord.harness.model.ggml;

/**
 * The single-precision libm functions llama.cpp's CPU code calls ({@code expf} in flash attention,
 * {@code sincosf} and {@code powf} in RoPE), computed as glibc computes them on x86-64 (2.28 and later; the
 * variants glibc selects on CPUs with FMA). glibc took these from Arm's optimized-routines: a double-precision
 * table lookup and short polynomial, rounded to float once at the end. The constants below are the published
 * ones (sysdeps/ieee754/flt-32: e_exp2f_data.c, s_sincosf_data.c, e_powf_log2_data.c); the fused
 * multiply-adds are where glibc's FMA build has them.
 *
 * <p>Why not {@link Math}: Java's functions round correctly or nearly so, glibc's do not always: they differ in
 * about 1 float in 10^4 for {@code expf} and 2 in 10^3 for {@code sinf}/{@code cosf}, enough to flip an F16
 * rounding in attention. These were checked against glibc 2.36 during development on every float of
 * {@code expf}'s finite range, every float with {@code |x| <= 70000} for {@code sincosf}, and every base
 * {@code >= 1} for {@code powf} with the exponents {@code -2/d} RoPE uses: no difference.
 */
public final class GlibcMath {
    private GlibcMath() {
    }

    // e_exp2f_data.c: tab[i] = bits(2^(i/32)) - (i << 47), so that 2^(k/32) = double(tab[k%32] + (k << 47))
    private static final long[] EXP2F_TAB = {
        0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
        0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
        0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
        0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
        0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
        0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
        0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
        0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L};
    private static final int N = 32;
    private static final double SHIFT = 0x1.8p+52;
    private static final double INV_LN2_N = 0x1.71547652b82fep+0 * N;
    private static final double EXP2_C0 = 0x1.c6af84b912394p-5;
    private static final double EXP2_C1 = 0x1.ebfce50fac4f3p-3;
    private static final double EXP2_C2 = 0x1.62e42ff0c52d6p-1;

    private static int abstop12(float x) {
        return (Float.floatToRawIntBits(x) >>> 20) & 0x7ff;
    }

    /** 2^(k/32) * (1 + c2*r + c1*r^2 + c0*r^3): the common tail of expf and powf, {@code r} in [-1/2, 1/2]/32-scaled. */
    private static float exp2Tail(long ki, double r, double c0, double c1, double c2) {
        double s = Double.longBitsToDouble(EXP2F_TAB[(int) (ki & (N - 1))] + (ki << 47));
        double z = Math.fma(c0, r, c1);
        double y = Math.fma(c2, r, 1.0);
        y = Math.fma(z, r * r, y);
        return (float) (y * s);
    }

    /** glibc's {@code expf} (e_expf.c): {@code x*32/ln2 = k + r}, {@code 2^(k/32)} from the table, a cubic in r. */
    public static float expf(float x) {
        if (abstop12(x) >= abstop12(88.0f)) {
            if (x == Float.NEGATIVE_INFINITY) {
                return 0f;
            }
            if (abstop12(x) >= abstop12(Float.POSITIVE_INFINITY)) {
                return x + x;
            }
            if (x > 0x1.62e42ep6f) {
                return Float.POSITIVE_INFINITY;
            }
            if (x < -0x1.9fe368p6f) {
                return 0f;
            }
        }
        double xd = x;
        double kd = Math.fma(INV_LN2_N, xd, SHIFT);  // round to an integer by the shift trick
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = Math.fma(INV_LN2_N, xd, -kd);
        return exp2Tail(ki, r, EXP2_C0 / N / N / N, EXP2_C1 / N / N, EXP2_C2 / N);
    }

    // s_sincosf_data.c: for |x| < 120, x - n*pi/2 with n from x * (2/pi) scaled by 2^24; the second table
    // entry computes -cos to get the negation for free
    private static final double HPI_INV = 0x1.45F306DC9C883p+23;
    private static final double HPI = 0x1.921FB54442D18p0;
    private static final double[] SIGN = {1.0, -1.0, -1.0, 1.0};
    private static final double[][] COS_POLY = {
        {0x1p0, -0x1.ffffffd0c621cp-2, 0x1.55553e1068f19p-5, -0x1.6c087e89a359dp-10, 0x1.99343027bf8c3p-16},
        {-0x1p0, 0x1.ffffffd0c621cp-2, -0x1.55553e1068f19p-5, 0x1.6c087e89a359dp-10, -0x1.99343027bf8c3p-16}};
    private static final double S1 = -0x1.555545995a603p-3;
    private static final double S2 = 0x1.1107605230bc4p-7;
    private static final double S3 = -0x1.994eb3774cf24p-13;
    // 4/pi to 192 bits, 8 new bits per entry (the large-argument reduction)
    private static final int[] INV_PIO4 = {
        0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529,
        0x441529fc, 0x1529fc27, 0x29fc2757, 0xfc2757d1, 0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0,
        0x34ddc0db, 0xddc0db62, 0xc0db6295, 0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041};

    /**
     * glibc's {@code sincosf} (s_sincosf.c), written as {@code out[off] = cos(x)}, {@code out[off+1] = sin(x)}
     * (the order of ggml's RoPE cache).
     */
    public static void cosSin(float x, float[] out, int off) {
        int top = abstop12(x);
        if (top < abstop12(0x1.921FB6p-1f)) {  // |x| < pi/4
            if (top < abstop12(0x1p-12f)) {
                out[off] = 1.0f;
                out[off + 1] = x;
                return;
            }
            poly(x, (double) x * x, 0, 0, out, off);
        } else if (top < abstop12(120.0f)) {
            double xd = x;
            int n = ((int) (xd * HPI_INV) + 0x800000) >> 24;
            double r = Math.fma(-(double) n, HPI, xd);
            poly(r * SIGN[n & 3], r * r, (n & 2) != 0 ? 1 : 0, n, out, off);
        } else if (top < abstop12(Float.POSITIVE_INFINITY)) {
            // |x| >= 120: a 32x96-bit product of the mantissa with 4/pi gives the quadrant in the top two bits and
            // the remainder below, as a 2.62 fixed-point number
            int xi = Float.floatToRawIntBits(x);
            int sign = xi >>> 31;
            int arr = (xi >>> 26) & 15;
            long mant = ((((long) xi & 0xffffff) | 0x800000) << ((xi >>> 23) & 7)) & 0xffffffffL;
            long res0 = (mant * (INV_PIO4[arr] & 0xffffffffL)) & 0xffffffffL;
            long res1 = mant * (INV_PIO4[arr + 4] & 0xffffffffL);
            long res2 = mant * (INV_PIO4[arr + 8] & 0xffffffffL);
            res0 = ((res2 >>> 32) | (res0 << 32)) + res1;
            long quadrant = (res0 + (1L << 61)) >>> 62;
            res0 -= quadrant << 62;
            double r = (double) res0 * 0x1.921FB54442D18p-62;
            int n = (int) quadrant;
            poly(r * SIGN[(n + sign) & 3], r * r, ((n + sign) & 2) != 0 ? 1 : 0, n, out, off);
        } else {
            out[off] = x - x;
            out[off + 1] = x - x;
        }
    }

    /** sin and cos of the reduced x in quadrant n; odd quadrants swap them. */
    private static void poly(double x, double x2, int table, int n, float[] out, int off) {
        double[] c = COS_POLY[table];
        double x4 = x2 * x2;
        double x3 = x2 * x;
        double c2 = Math.fma(x2, c[4], c[3]);
        double s1 = Math.fma(x2, S3, S2);
        double c1 = Math.fma(x2, c[1], c[0]);
        double x5 = x3 * x2;
        double x6 = x4 * x2;
        double s = Math.fma(x3, S1, x);
        double cc = Math.fma(x4, c[2], c1);
        float sin = (float) Math.fma(x5, s1, s);
        float cos = (float) Math.fma(x6, c2, cc);
        boolean swap = (n & 1) != 0;
        out[off] = swap ? sin : cos;
        out[off + 1] = swap ? cos : sin;
    }

    // e_powf_log2_data.c: log2(x) = k + log2(c) + log2(z/c) with 16 table points c and a degree-5 polynomial
    private static final double[] POWF_INVC = {
        0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0, 0x1.49539f0f010bp+0, 0x1.3c995b0b80385p+0,
        0x1.30d190c8864a5p+0, 0x1.25e227b0b8eap+0, 0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0,
        0x1.0953f419900a7p+0, 0x1p+0, 0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aap-1,
        0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1, 0x1.886e6037841edp-1, 0x1.767dcf5534862p-1};
    private static final double[] POWF_LOGC = {
        -0x1.efec65b963019p-2, -0x1.b0b6832d4fca4p-2, -0x1.7418b0a1fb77bp-2, -0x1.39de91a6dcf7bp-2,
        -0x1.01d9bf3f2b631p-2, -0x1.97c1d1b3b7afp-3, -0x1.2f9e393af3c9fp-3, -0x1.960cbbf788d5cp-4,
        -0x1.a6f9db6475fcep-5, 0x0p+0, 0x1.338ca9f24f53dp-4, 0x1.476a9543891bap-3,
        0x1.e840b4ac4e4d2p-3, 0x1.40645f0c6651cp-2, 0x1.88e9c2c1b9ff8p-2, 0x1.ce0a44eb17bccp-2};
    private static final double[] POWF_POLY = {
        0x1.27616c9496e0bp-2, -0x1.71969a075c67ap-2, 0x1.ec70a6ca7baddp-2, -0x1.7154748bef6c8p-1,
        0x1.71547652ab82bp0};

    /**
     * glibc's {@code powf} (e_powf.c) for a positive normal base and a finite exponent, the case of RoPE's
     * {@code powf(freq_base, -2/n_dims)}; anything else is outside what Chord needs and is refused.
     */
    public static float powf(float x, float y) {
        int ix = Float.floatToRawIntBits(x);
        if (ix < 0x00800000 || ix >= 0x7f800000 || !Float.isFinite(y)) {
            throw new IllegalArgumentException("powf(" + x + ", " + y + "): only positive normal bases and finite exponents");
        }
        int tmp = ix - 0x3f330000;
        int i = (tmp >>> 19) & 15;
        int top = tmp & 0xff800000;
        int k = top >> 23;
        double z = Float.intBitsToFloat(ix - top);
        double r = Math.fma(z, POWF_INVC[i], -1.0);
        double y0 = POWF_LOGC[i] + k;
        double r2 = r * r;
        double p0 = Math.fma(POWF_POLY[0], r, POWF_POLY[1]);
        double p1 = Math.fma(POWF_POLY[2], r, POWF_POLY[3]);
        double q = Math.fma(POWF_POLY[4], r, y0);
        q = Math.fma(p1, r2, q);
        double ylogx = y * Math.fma(p0, r2 * r2, q);
        if (ylogx > 0x1.fffffffd1d571p+6) {
            return Float.POSITIVE_INFINITY;
        }
        if (ylogx <= -150.0) {
            return 0f;
        }
        double shift = SHIFT / N;
        double kd = ylogx + shift;
        long ki = Double.doubleToRawLongBits(kd);
        kd -= shift;
        return exp2Tail(ki, ylogx - kd, EXP2_C0, EXP2_C1, EXP2_C2);
    }
}
