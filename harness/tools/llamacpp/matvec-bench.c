// matvec-bench: times ggml's CPU mul_mat on a ROWS x COLS weight matrix quantized by ggml, against an F32
// activation of BATCH columns (batch 1 = decode's matrix-vector product, batch 32/64 = prompt processing).
// One JSON line per (type, weight buffer, batch, threads) on stdout.
//
// The weight can sit in a plain CPU buffer ("cpu") or in the buffer type llama.cpp's model loader would pick
// ("auto": the first of the CPU backend's extra buffer types - AMX, CPU_REPACK - that accepts this mul_mat,
// else the plain one). "both" measures the two. Each timed call is one graph compute of a single MUL_MAT,
// which includes ggml quantizing the activation to the weight type's vec_dot type, as in real inference.
#include "refcommon.h"
#include "refmatmul.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ggml-alloc.h"
#include "ggml-cpu.h"

#define MAX_LIST 32

struct options {
    const char * types[MAX_LIST]; int n_types;
    int threads[MAX_LIST];        int n_threads;
    int batches[MAX_LIST];        int n_batches;
    int rows, cols;
    const char * buft;  // auto | cpu | both
    int reps, warmup;
    double max_seconds;
    uint64_t seed;
    const char * cpu_variant;
    int verbose;
};

static void usage(void) {
    fprintf(stderr,
        "usage: matvec-bench [--types q4_0,q8_0,q4_K,q6_K] [--threads 1,2] [--batch 1[,32]]\n"
        "                    [--rows 4096] [--cols 4096] [--buft auto|cpu|both] [--reps 200]\n"
        "                    [--warmup 10] [--max-seconds 2] [--seed 42] [--cpu-variant NAME] [--verbose]\n"
        "  --max-seconds bounds the timed loop of each line (it stops at --reps or this, whichever first)\n"
        "  --cpu-variant loads libggml-cpu-NAME.so (e.g. haswell, skylakex) instead of the best for this CPU\n");
    exit(2);
}

static int split_list(char * s, const char ** out) {
    int n = 0;
    for (char * tok = strtok(s, ","); tok && n < MAX_LIST; tok = strtok(NULL, ",")) {
        out[n++] = tok;
    }
    return n;
}

static int split_ints(char * s, int * out) {
    const char * parts[MAX_LIST];
    int n = split_list(s, parts);
    for (int i = 0; i < n; i++) {
        out[i] = atoi(parts[i]);
        if (out[i] <= 0) {
            fprintf(stderr, "not a positive integer: %s\n", parts[i]);
            exit(2);
        }
    }
    return n;
}

static struct options parse(int argc, char ** argv) {
    static char types_default[] = "q4_0,q8_0,q4_K,q6_K";
    static char threads_default[] = "1,2";
    static char batch_default[] = "1";
    struct options o = { .rows = 4096, .cols = 4096, .buft = "auto", .reps = 200, .warmup = 10,
                         .max_seconds = 2.0, .seed = 42 };
    char * types = types_default, * threads = threads_default, * batches = batch_default;
    for (int i = 1; i < argc; i++) {
        const char * a = argv[i];
        const char * v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--verbose")) { o.verbose = 1; continue; }
        if (!v) usage();
        if      (!strcmp(a, "--types"))       types = argv[++i];
        else if (!strcmp(a, "--threads"))     threads = argv[++i];
        else if (!strcmp(a, "--batch"))       batches = argv[++i];
        else if (!strcmp(a, "--rows"))        o.rows = atoi(argv[++i]);
        else if (!strcmp(a, "--cols"))        o.cols = atoi(argv[++i]);
        else if (!strcmp(a, "--buft"))        o.buft = argv[++i];
        else if (!strcmp(a, "--reps"))        o.reps = atoi(argv[++i]);
        else if (!strcmp(a, "--warmup"))      o.warmup = atoi(argv[++i]);
        else if (!strcmp(a, "--max-seconds")) o.max_seconds = atof(argv[++i]);
        else if (!strcmp(a, "--seed"))        o.seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--cpu-variant")) o.cpu_variant = argv[++i];
        else usage();
    }
    if (o.rows <= 0 || o.cols <= 0 || o.reps <= 0 || o.warmup < 0 || o.max_seconds <= 0) usage();
    if (strcmp(o.buft, "auto") && strcmp(o.buft, "cpu") && strcmp(o.buft, "both")) usage();
    o.n_types = split_list(types, o.types);
    o.n_threads = split_ints(threads, o.threads);
    o.n_batches = split_ints(batches, o.batches);
    return o;
}

static enum ggml_type type_by_name(const char * name) {
    enum ggml_type t = ref_type_by_name(name);
    if (t == GGML_TYPE_COUNT) {
        fprintf(stderr, "unknown ggml type: %s\n", name);
        exit(2);
    }
    return t;
}

// Largest |y - ref| / (|w_row| * |x|) over a few rows, ref computed in double from ggml's own dequantization:
// catches a wrongly wired buffer or graph without asserting bit-exactness (the activation is quantized).
static double check_product(enum ggml_type type, const void * qdata, int cols, const float * x,
                            const float * y, int batch, int rows) {
    const struct ggml_type_traits * tt = ggml_get_type_traits(type);
    size_t row_bytes = ggml_row_size(type, cols);
    float * deq = malloc(sizeof(float) * (size_t) cols);
    double worst = 0;
    int probe_rows[] = { 0, 1, rows / 2, rows - 1 };
    for (int k = 0; k < 4; k++) {
        int r = probe_rows[k];
        const char * row = (const char *) qdata + (size_t) r * row_bytes;
        if (tt->to_float) {
            tt->to_float(row, deq, cols);
        } else {
            memcpy(deq, row, sizeof(float) * (size_t) cols);  // F32
        }
        for (int b = 0; b < batch; b += (batch > 1 ? batch - 1 : 1)) {
            const float * xb = x + (size_t) b * cols;
            double dot = 0, nw = 0, nx = 0;
            for (int c = 0; c < cols; c++) {
                dot += (double) deq[c] * xb[c];
                nw += (double) deq[c] * deq[c];
                nx += (double) xb[c] * xb[c];
            }
            double scale = sqrt(nw) * sqrt(nx);
            double err = fabs(y[(size_t) b * rows + r] - dot) / (scale > 0 ? scale : 1);
            if (err > worst) worst = err;
        }
    }
    free(deq);
    return worst;
}

int main(int argc, char ** argv) {
    struct options o = parse(argc, argv);
    ref_log_install(o.verbose);
    ggml_backend_reg_t reg = ref_load_cpu_backend(o.cpu_variant);
    ggml_backend_dev_t dev = ggml_backend_reg_dev_get(reg, 0);
    ggml_backend_t backend = ggml_backend_dev_init(dev, NULL);
    ggml_backend_set_n_threads_t set_n_threads =
        (ggml_backend_set_n_threads_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_set_n_threads");
    typedef void (*set_tp_fn)(ggml_backend_t, ggml_threadpool_t);
    set_tp_fn set_threadpool = (set_tp_fn) ggml_backend_reg_get_proc_address(reg, "ggml_backend_cpu_set_threadpool");
    if (!backend || !set_n_threads || !set_threadpool) {
        fprintf(stderr, "CPU backend lacks graph compute / thread control\n");
        return 1;
    }
    fprintf(stderr, "matvec-bench: %s [%s], llama.cpp %s, ggml %s\n", ref_cpu_library(), ref_cpu_features(),
            ggml_commit(), ggml_version());

    const size_t n = (size_t) o.rows * o.cols;
    float * src = malloc(sizeof(float) * n);
    struct ref_rng rng;
    ref_rng_seed(&rng, o.seed);
    for (size_t i = 0; i < n; i++) src[i] = (float) ref_rng_normal(&rng);
    int max_batch = 1;
    for (int i = 0; i < o.n_batches; i++) if (o.batches[i] > max_batch) max_batch = o.batches[i];
    float * xdata = malloc(sizeof(float) * (size_t) o.cols * max_batch);
    for (size_t i = 0; i < (size_t) o.cols * max_batch; i++) xdata[i] = (float) ref_rng_normal(&rng);
    float * ydata = malloc(sizeof(float) * (size_t) o.rows * max_batch);

    for (int ti = 0; ti < o.n_types; ti++) {
        enum ggml_type type = type_by_name(o.types[ti]);
        if (ggml_quantize_requires_imatrix(type)) {
            fprintf(stderr, "skipping %s: ggml needs an importance matrix to quantize it\n", o.types[ti]);
            continue;
        }
        if (o.cols % ggml_blck_size(type)) {
            fprintf(stderr, "skipping %s: cols %d not a multiple of its block size %lld\n", o.types[ti], o.cols,
                    (long long) ggml_blck_size(type));
            continue;
        }
        size_t qbytes = ggml_row_size(type, o.cols) * o.rows;
        void * q = malloc(qbytes);
        ggml_quantize_init(type);
        int64_t tq = ref_now_ns();
        size_t written = type == GGML_TYPE_F32 ? (memcpy(q, src, qbytes), qbytes)
                                               : ggml_quantize_chunk(type, src, q, 0, o.rows, o.cols, NULL);
        if (written != qbytes) {
            fprintf(stderr, "ggml_quantize_chunk(%s) wrote %zu bytes, expected %zu\n", o.types[ti], written, qbytes);
            return 1;
        }
        fprintf(stderr, "  %s: quantized %d x %d in %.2f s\n", ggml_type_name(type), o.rows, o.cols,
                (ref_now_ns() - tq) / 1e9);

        int modes[2], n_modes = 0;
        if (!strcmp(o.buft, "auto") || !strcmp(o.buft, "both")) modes[n_modes++] = 1;
        if (!strcmp(o.buft, "cpu") || !strcmp(o.buft, "both")) modes[n_modes++] = 0;
        const char * auto_buft = NULL;
        for (int mi = 0; mi < n_modes; mi++) {
            struct ref_weight wt = ref_weight_place(type, o.rows, o.cols, q, modes[mi], dev, reg);
            if (!wt.buf) {
                fprintf(stderr, "cannot allocate %s weight\n", ggml_type_name(type));
                return 1;
            }
            const char * buft_name = ggml_backend_buft_name(ggml_backend_buffer_get_type(wt.buf));
            if (modes[mi]) {
                auto_buft = buft_name;
            } else if (auto_buft && !strcmp(auto_buft, buft_name)) {
                ref_weight_free(&wt);  // auto already fell back to the plain buffer: nothing new to measure
                continue;
            }
            for (int bi = 0; bi < o.n_batches; bi++) {
                int batch = o.batches[bi];
                struct ref_graph g = ref_graph_build(wt.w, batch, backend);
                ggml_backend_tensor_set(g.x, xdata, 0, ggml_nbytes(g.x));
                for (int thi = 0; thi < o.n_threads; thi++) {
                    int nt = o.threads[thi];
                    struct ggml_threadpool * tp = ref_threadpool_new(nt);
                    set_n_threads(backend, nt);
                    set_threadpool(backend, tp);
                    for (int i = 0; i < o.warmup; i++) {
                        ggml_backend_graph_compute(backend, g.gf);
                    }
                    double * samples = malloc(sizeof(double) * (size_t) o.reps);
                    int reps = 0;
                    int64_t deadline = ref_now_ns() + (int64_t) (o.max_seconds * 1e9);
                    enum ggml_status st = GGML_STATUS_SUCCESS;
                    while (reps < o.reps && st == GGML_STATUS_SUCCESS) {
                        int64_t t0 = ref_now_ns();
                        st = ggml_backend_graph_compute(backend, g.gf);
                        int64_t t1 = ref_now_ns();
                        samples[reps++] = (double) (t1 - t0);
                        if (t1 > deadline && reps >= 5) break;
                    }
                    if (st != GGML_STATUS_SUCCESS) {
                        fprintf(stderr, "graph compute failed (%d) for %s\n", (int) st, o.types[ti]);
                        return 1;
                    }
                    ggml_backend_tensor_get(g.y, ydata, 0, ggml_nbytes(g.y));
                    double err = check_product(type, q, o.cols, xdata, ydata, batch, o.rows);
                    struct ref_stats s = ref_stats_of(samples, reps);
                    free(samples);
                    printf("{\"tool\":\"llamacpp.matvec\",\"type\":\"%s\",\"buft\":", ggml_type_name(type));
                    ref_json_string(stdout, buft_name);
                    printf(",\"rows\":%d,\"cols\":%d,\"batch\":%d,\"threads\":%d,\"reps\":%d,"
                           "\"median_ns\":%.0f,\"min_ns\":%.0f,\"p90_ns\":%.0f,\"mean_ns\":%.0f,"
                           "\"weight_bytes\":%zu,\"weight_gb_s\":%.2f,\"gflop_s\":%.2f,\"check_rel_err\":%.2e,",
                           o.rows, o.cols, batch, nt, s.n, s.median, s.min, s.p90, s.mean, qbytes,
                           qbytes / s.median, 2.0 * o.rows * o.cols * batch / s.median, err);
                    ref_json_provenance(stdout);
                    printf("}\n");
                    fflush(stdout);
                    set_threadpool(backend, NULL);
                    ref_threadpool_free(tp);
                }
                ref_graph_free(&g);
            }
            ref_weight_free(&wt);
        }
        free(q);
    }
    free(src);
    free(xdata);
    free(ydata);
    ggml_backend_free(backend);
    return 0;
}
