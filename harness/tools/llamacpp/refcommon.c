#define _GNU_SOURCE
#include "refcommon.h"

#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ggml-cpu.h"

static char g_cpu_library[512] = "?";
static char g_cpu_features[1024] = "";
static ggml_backend_reg_t g_cpu_reg;

static const char * libdir(void) {
    const char * env = getenv("CHORD_LLAMACPP_LIBDIR");
    return env && *env ? env : LLAMACPP_LIBDIR;
}

ggml_backend_reg_t ref_load_cpu_backend(const char * variant) {
    if (g_cpu_reg) {
        return g_cpu_reg;
    }
    if (variant && *variant) {
        char path[1024];
        snprintf(path, sizeof path, "%s/libggml-cpu-%s.so", libdir(), variant);
        if (!ggml_backend_load(path)) {
            fprintf(stderr, "cannot load CPU backend %s (does the CPU support it?)\n", path);
            ref_log_dump(stderr);
            exit(2);
        }
    } else {
        // Scores every libggml-cpu-*.so against this CPU and keeps the best, as llama.cpp's own tools do.
        ggml_backend_load_all_from_path(libdir());
    }
    g_cpu_reg = ggml_backend_reg_by_name("CPU");
    if (!g_cpu_reg) {
        fprintf(stderr, "no CPU backend found under %s\n", libdir());
        ref_log_dump(stderr);
        exit(2);
    }
    // Which shared object answered: resolve a function it hands out back to its file.
    void * fn = ggml_backend_reg_get_proc_address(g_cpu_reg, "ggml_backend_set_n_threads");
    Dl_info info;
    if (fn && dladdr(fn, &info) && info.dli_fname) {
        const char * slash = strrchr(info.dli_fname, '/');
        snprintf(g_cpu_library, sizeof g_cpu_library, "%s", slash ? slash + 1 : info.dli_fname);
    }
    ggml_backend_get_features_t get_features =
        (ggml_backend_get_features_t) ggml_backend_reg_get_proc_address(g_cpu_reg, "ggml_backend_get_features");
    if (get_features) {
        size_t used = 0;
        for (struct ggml_backend_feature * f = get_features(g_cpu_reg); f && f->name; f++) {
            int w = snprintf(g_cpu_features + used, sizeof g_cpu_features - used, "%s%s=%s",
                             used ? "," : "", f->name, f->value);
            if (w < 0 || (size_t) w >= sizeof g_cpu_features - used) {
                break;
            }
            used += (size_t) w;
        }
    }
    return g_cpu_reg;
}

const char * ref_cpu_library(void) { return g_cpu_library; }
const char * ref_cpu_features(void) { return g_cpu_features; }

typedef struct ggml_threadpool * (*threadpool_new_fn)(struct ggml_threadpool_params *);
typedef void (*threadpool_free_fn)(struct ggml_threadpool *);

struct ggml_threadpool * ref_threadpool_new(int n_threads) {
    // In the dynamically loaded build these live in the CPU backend library, reached through the registry.
    threadpool_new_fn fn = (threadpool_new_fn) ggml_backend_reg_get_proc_address(ref_load_cpu_backend(NULL),
                                                                                "ggml_threadpool_new");
    if (!fn) {
        fprintf(stderr, "CPU backend does not export ggml_threadpool_new\n");
        exit(2);
    }
    struct ggml_threadpool_params p = ggml_threadpool_params_default(n_threads);
    struct ggml_threadpool * tp = fn(&p);
    if (!tp) {
        fprintf(stderr, "ggml_threadpool_new(%d) failed\n", n_threads);
        exit(2);
    }
    return tp;
}

void ref_threadpool_free(struct ggml_threadpool * tp) {
    threadpool_free_fn fn = (threadpool_free_fn) ggml_backend_reg_get_proc_address(ref_load_cpu_backend(NULL),
                                                                                  "ggml_threadpool_free");
    if (fn && tp) {
        fn(tp);
    }
}

// ggml_threadpool_pause/resume live in the CPU backend library, which ggml loads with RTLD_LOCAL and whose
// registry does not hand them out: reopen that already-loaded library to look them up.
typedef void (*threadpool_fn)(struct ggml_threadpool *);

static threadpool_fn threadpool_symbol(const char * name) {
    void * fn = ggml_backend_reg_get_proc_address(ref_load_cpu_backend(NULL), "ggml_backend_set_n_threads");
    Dl_info info;
    if (!fn || !dladdr(fn, &info) || !info.dli_fname) {
        return NULL;
    }
    void * lib = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD);
    return lib ? (threadpool_fn) dlsym(lib, name) : NULL;
}

int ref_threadpool_pause(struct ggml_threadpool * tp) {
    static threadpool_fn pause;
    if (!pause) pause = threadpool_symbol("ggml_threadpool_pause");
    if (pause && tp) pause(tp);
    return pause != NULL;
}

void ref_threadpool_resume(struct ggml_threadpool * tp) {
    static threadpool_fn resume;
    if (!resume) resume = threadpool_symbol("ggml_threadpool_resume");
    if (resume && tp) resume(tp);
}

// ---- logging -------------------------------------------------------------------------------------------

#define LOG_KEEP 32
static int  g_verbose;
static char g_log[LOG_KEEP][512];
static int  g_log_n;
static enum ggml_log_level g_last_level;

void ref_log_cb(enum ggml_log_level level, const char * text, void * user) {
    (void) user;
    if (level == GGML_LOG_LEVEL_CONT) {
        level = g_last_level;
    } else {
        g_last_level = level;
    }
    if (g_verbose) {
        fputs(text, stderr);
        return;
    }
    if (level >= GGML_LOG_LEVEL_WARN) {
        snprintf(g_log[g_log_n % LOG_KEEP], sizeof g_log[0], "%s", text);
        g_log_n++;
    }
}

void ref_log_install(int verbose) {
    g_verbose = verbose;
    ggml_log_set(ref_log_cb, NULL);
}

void ref_log_dump(FILE * out) {
    int first = g_log_n > LOG_KEEP ? g_log_n - LOG_KEEP : 0;
    for (int i = first; i < g_log_n; i++) {
        const char * line = g_log[i % LOG_KEEP];
        fputs(line, out);
        size_t len = strlen(line);
        if (len == 0 || line[len - 1] != '\n') {
            fputc('\n', out);
        }
    }
}

// ---- timing and statistics -----------------------------------------------------------------------------

int64_t ref_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_double(const void * a, const void * b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

struct ref_stats ref_stats_of(double * s, int n) {
    struct ref_stats st = {0};
    st.n = n;
    if (n <= 0) {
        return st;
    }
    qsort(s, (size_t) n, sizeof *s, cmp_double);
    st.min = s[0];
    st.max = s[n - 1];
    st.median = (n % 2) ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    // nearest-rank percentile
    int r90 = (int) ceil(0.9 * n) - 1;
    st.p90 = s[r90 < 0 ? 0 : r90];
    double sum = 0;
    for (int i = 0; i < n; i++) {
        sum += s[i];
    }
    st.mean = sum / n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
        ss += (s[i] - st.mean) * (s[i] - st.mean);
    }
    st.sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
    return st;
}

// ---- JSON ----------------------------------------------------------------------------------------------

void ref_json_string(FILE * out, const char * s) {
    fputc('"', out);
    for (const unsigned char * p = (const unsigned char *) s; *p; p++) {
        switch (*p) {
            case '"':  fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\r': fputs("\\r", out); break;
            case '\t': fputs("\\t", out); break;
            default:
                if (*p < 0x20) {
                    fprintf(out, "\\u%04x", *p);
                } else {
                    fputc(*p, out);
                }
        }
    }
    fputc('"', out);
}

void ref_json_provenance(FILE * out) {
    fputs("\"llamacpp_commit\":", out);
    ref_json_string(out, ggml_commit());
    fputs(",\"ggml_version\":", out);
    ref_json_string(out, ggml_version());
    fputs(",\"cpu_lib\":", out);
    ref_json_string(out, ref_cpu_library());
}

// ---- random numbers ------------------------------------------------------------------------------------

void ref_rng_seed(struct ref_rng * r, uint64_t seed) {
    r->state = seed;
    r->has_spare = 0;
}

uint64_t ref_rng_next(struct ref_rng * r) {
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double ref_rng_normal(struct ref_rng * r) {
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    double u1, u2;
    do {
        u1 = (ref_rng_next(r) >> 11) * 0x1.0p-53;
    } while (u1 <= 0.0);
    u2 = (ref_rng_next(r) >> 11) * 0x1.0p-53;
    double mag = sqrt(-2.0 * log(u1));
    r->spare = mag * sin(2.0 * M_PI * u2);
    r->has_spare = 1;
    return mag * cos(2.0 * M_PI * u2);
}
