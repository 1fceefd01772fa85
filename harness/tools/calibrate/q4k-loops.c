// Calibration for Chord's q4_K matrix-vector kernels: the same inner loop written in C, to separate what the
// algorithm costs on this CPU from what the JIT adds. Not part of the Maven build; see README.md here.
//
// A q4_K-shaped row (ggml-common.h block_q4_K: 144-byte super-blocks of 256 values, qs[128] at byte 16, byte
// 32c+l holding value 64c+l in its low nibble and 64c+32+l in its high one) is multiplied by int8 activations
// held as floats, with the 6-bit sub-block scales already decoded to floats: only the inner loop is timed.
//   float-widen  : Chord's vector.int8 q4_K loop: 16 bytes widened to int lanes (vpmovzxbd), nibbles cut out,
//                  converted to float, multiply-added per sub-block, scaled once per sub-block.
//   float-permute: the same with the nibble looked up in a 16-entry float table (vpermps) instead of converted.
//   maddubs      : the integer route llama.cpp's AVX2 kernel takes (u8 x s8 -> s16 pairs, x scale -> s32),
//                  which the Vector API cannot express (it has no widening multiply-add).
// Weights are random bytes (timing does not depend on them); every loop's result is printed as a checksum.
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NB 16 /* super-blocks per 4096-value row */

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// The float-lane loop, defined twice by the macro below with a different LEVELS(q): the nibbles of int lanes
// (0..15 in the low 4 bits, more above) to floats. Two functions, so each variant is a loop of its own.
#define WIDEN(q) _mm512_cvtepi32_ps(_mm512_and_si512((q), _mm512_set1_epi32(15)))
#define PERMUTE(q) _mm512_permutexvar_ps((q), table) /* vpermps reads only the index's low 4 bits */
#define DEFINE_ROW_FLOAT(name, LEVELS)                                                                          \
    __attribute__((target("avx512f"), noinline))                                                                \
    static float name(const uint8_t *w, const float *x, const float *sc) {                                      \
        __m512 total = _mm512_setzero_ps();                                                                     \
        const __m512 table = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);              \
        (void) table;                                                                                           \
        for (int k = 0; k < NB; k++) {                                                                          \
            const uint8_t *qs = w + 144 * k + 16;                                                               \
            const float *v = x + 256 * k;                                                                       \
            __m512 al = _mm512_setzero_ps(), ah = _mm512_setzero_ps();                                          \
            for (int c = 0; c < 4; c++) {                                                                       \
                __m512i q = _mm512_cvtepu8_epi32(_mm_loadu_si128((const void *) (qs + 32 * c)));                \
                __m512i r = _mm512_cvtepu8_epi32(_mm_loadu_si128((const void *) (qs + 32 * c + 16)));           \
                __m512 s0 = _mm512_mul_ps(LEVELS(q), _mm512_loadu_ps(v + 64 * c));                              \
                s0 = _mm512_fmadd_ps(LEVELS(r), _mm512_loadu_ps(v + 64 * c + 16), s0);                          \
                __m512 s1 = _mm512_mul_ps(LEVELS(_mm512_srli_epi32(q, 4)), _mm512_loadu_ps(v + 64 * c + 32));   \
                s1 = _mm512_fmadd_ps(LEVELS(_mm512_srli_epi32(r, 4)), _mm512_loadu_ps(v + 64 * c + 48), s1);    \
                al = _mm512_fmadd_ps(s0, _mm512_set1_ps(sc[8 * k + 2 * c]), al);                                \
                ah = _mm512_fmadd_ps(s1, _mm512_set1_ps(sc[8 * k + 2 * c + 1]), ah);                            \
            }                                                                                                   \
            total = _mm512_fmadd_ps(_mm512_add_ps(al, ah), _mm512_set1_ps(sc[8 * k + 7] + 1), total);           \
        }                                                                                                       \
        return _mm512_reduce_add_ps(total);                                                                     \
    }

DEFINE_ROW_FLOAT(row_float_widen, WIDEN)
DEFINE_ROW_FLOAT(row_float_permute, PERMUTE)

__attribute__((target("avx2,fma"), noinline))
static float row_maddubs(const uint8_t *w, const int8_t *a, const float *sc) {
    __m256 acc = _mm256_setzero_ps();
    const __m256i m4 = _mm256_set1_epi8(15);
    for (int k = 0; k < NB; k++) {
        const uint8_t *qs = w + 144 * k + 16;
        const int8_t *q8 = a + 256 * k;
        __m256i sumi = _mm256_setzero_si256();
        for (int c = 0; c < 4; c++) {
            __m256i b = _mm256_loadu_si256((const void *) (qs + 32 * c));
            __m256i l = _mm256_and_si256(b, m4), h = _mm256_and_si256(_mm256_srli_epi16(b, 4), m4);
            __m256i pl = _mm256_maddubs_epi16(l, _mm256_loadu_si256((const void *) (q8 + 64 * c)));
            __m256i ph = _mm256_maddubs_epi16(h, _mm256_loadu_si256((const void *) (q8 + 64 * c + 32)));
            pl = _mm256_madd_epi16(_mm256_set1_epi16((short) sc[8 * k + 2 * c]), pl);
            ph = _mm256_madd_epi16(_mm256_set1_epi16((short) sc[8 * k + 2 * c + 1]), ph);
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(pl, ph));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(sc[8 * k + 7] + 1), _mm256_cvtepi32_ps(sumi), acc);
    }
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    s = _mm_hadd_ps(s, s);
    s = _mm_hadd_ps(s, s);
    return _mm_cvtss_f32(s);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int rows = 4096, reps = 40;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rows") && i + 1 < argc) rows = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else { fprintf(stderr, "usage: q4k-loops [--rows 4096] [--reps 40]  (4096 columns; prints one JSON line per loop)\n"); return 2; }
    }
    if (rows < 1 || reps < 1) { fprintf(stderr, "q4k-loops: --rows and --reps must be positive\n"); return 2; }
    int avx512 = __builtin_cpu_supports("avx512f"), avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    size_t wbytes = (size_t) rows * NB * 144;
    uint8_t *w = aligned_alloc(64, (wbytes + 63) / 64 * 64);
    float *x = aligned_alloc(64, 4096 * sizeof(float));
    int8_t *a = aligned_alloc(64, 4096);
    float *sc = malloc((size_t) rows * NB * 8 * sizeof(float));
    if (!w || !x || !a || !sc) { fprintf(stderr, "q4k-loops: out of memory for %d rows\n", rows); return 1; }
    srand(42);
    for (size_t i = 0; i < wbytes; i++) w[i] = (uint8_t) rand();
    for (int i = 0; i < 4096; i++) { a[i] = (int8_t) (rand() % 255 - 127); x[i] = a[i]; }
    for (size_t i = 0; i < (size_t) rows * NB * 8; i++) sc[i] = (float) (rand() % 64);
    const char *names[3] = {"float-widen", "float-permute", "maddubs"};
    double *t = malloc(sizeof(double) * reps);
    for (int loop = 0; loop < 3; loop++) {
        if ((loop < 2 && !avx512) || (loop == 2 && !avx2)) {
            printf("{\"loop\": \"%s\", \"skipped\": \"CPU lacks %s\"}\n", names[loop], loop < 2 ? "avx512f" : "avx2/fma");
            continue;
        }
        float check = 0;
        for (int r = 0; r < reps + 3; r++) { /* 3 untimed warm-up passes */
            double s = now_s();
            float acc = 0;
            for (int row = 0; row < rows; row++) {
                const uint8_t *wr = w + (size_t) row * NB * 144;
                const float *sr = sc + (size_t) row * NB * 8;
                acc += loop == 0 ? row_float_widen(wr, x, sr) : loop == 1 ? row_float_permute(wr, x, sr) : row_maddubs(wr, a, sr);
            }
            if (r >= 3) t[r - 3] = (now_s() - s) * 1e9;
            check = acc;
        }
        qsort(t, reps, sizeof(double), cmp_double);
        printf("{\"loop\": \"%s\", \"rows\": %d, \"cols\": 4096, \"reps\": %d, \"median_ns\": %.0f, \"min_ns\": %.0f, \"checksum\": %g}\n",
               names[loop], rows, reps, t[reps / 2], t[0], check);
    }
    return 0;
}
