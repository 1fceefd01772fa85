// matvec-ref: ggml's CPU mul_mat as a shared library, so that another engine's process (Chord's JVM, through
// the FFM API) can time it in the same process, alternating with its own kernel slice by slice. Two engines in
// one process, interleaved every ~100 ms, see the same machine state; separate processes minutes apart do not
// (this VM's speed drifts by 2x for a minute at a time).
//
// One handle = one weight matrix in a plain CPU buffer (or the buffer llama.cpp's loader would pick), one F32
// activation of `batch` columns, one graph with a single MUL_MAT, a CPU backend with its own thread pool.
// mvref_compute runs the graph once: ggml quantizes the activation to the weight type's vec_dot type and
// multiplies, exactly what matvec-bench times. Not thread-safe; one caller thread per handle.
#include "refcommon.h"
#include "refmatmul.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


struct mvref {
    ggml_backend_t backend;
    struct ggml_threadpool * tp;
    struct ref_weight weight;
    struct ref_graph graph;
    int rows, cols, batch, threads;
    char describe[512];
};

static char g_error[512];

static void fail(const char * fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_error, sizeof g_error, fmt, ap);
    va_end(ap);
}

const char * mvref_last_error(void) {
    return g_error;
}

// type: ggml's name (q4_0, q4_K, ...); qdata: rows * ggml_row_size(type, cols) bytes in ggml's layout;
// x: cols * batch floats; extra_bufts: 0 for the plain CPU buffer, 1 for llama.cpp's default choice.
// NULL on error (mvref_last_error says why).
struct mvref * mvref_open(const char * type_name, int rows, int cols, int batch, int threads, int extra_bufts,
                          const void * qdata, size_t qbytes, const float * x) {
    ref_log_install(0);
    enum ggml_type type = ref_type_by_name(type_name);
    if (type == GGML_TYPE_COUNT) {
        fail("unknown ggml type '%s'", type_name);
        return NULL;
    }
    if (rows <= 0 || cols <= 0 || batch <= 0 || threads <= 0 || cols % ggml_blck_size(type)) {
        fail("bad shape for %s: rows %d, cols %d (a multiple of %lld), batch %d, threads %d", type_name, rows, cols,
             (long long) ggml_blck_size(type), batch, threads);
        return NULL;
    }
    size_t expected = ggml_row_size(type, cols) * (size_t) rows;
    if (qbytes != expected) {
        fail("%s %d x %d weight: %zu bytes given, %zu expected", type_name, rows, cols, qbytes, expected);
        return NULL;
    }
    ggml_backend_reg_t reg = ref_load_cpu_backend(NULL);
    ggml_backend_dev_t dev = ggml_backend_reg_dev_get(reg, 0);
    ggml_backend_set_n_threads_t set_n_threads =
        (ggml_backend_set_n_threads_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_set_n_threads");
    typedef void (*set_tp_fn)(ggml_backend_t, ggml_threadpool_t);
    set_tp_fn set_threadpool = (set_tp_fn) ggml_backend_reg_get_proc_address(reg, "ggml_backend_cpu_set_threadpool");
    if (!set_n_threads || !set_threadpool) {
        fail("the CPU backend lacks thread control");
        return NULL;
    }
    struct mvref * h = calloc(1, sizeof *h);
    h->backend = ggml_backend_dev_init(dev, NULL);
    h->weight = ref_weight_place(type, rows, cols, qdata, extra_bufts, dev, reg);
    if (!h->backend || !h->weight.buf) {
        fail("cannot set up the CPU backend or allocate the %s weight", type_name);
        if (h->backend) ggml_backend_free(h->backend);
        ref_weight_free(&h->weight);
        free(h);
        return NULL;
    }
    h->graph = ref_graph_build(h->weight.w, batch, h->backend);
    ggml_backend_tensor_set(h->graph.x, x, 0, ggml_nbytes(h->graph.x));
    h->tp = ref_threadpool_new(threads);
    set_n_threads(h->backend, threads);
    set_threadpool(h->backend, h->tp);
    h->rows = rows;
    h->cols = cols;
    h->batch = batch;
    h->threads = threads;
    snprintf(h->describe, sizeof h->describe,
             "{\"buft\":\"%s\",\"cpu_lib\":\"%s\",\"llamacpp_commit\":\"%s\",\"ggml_version\":\"%s\"}",
             ggml_backend_buft_name(ggml_backend_buffer_get_type(h->weight.buf)), ref_cpu_library(), ggml_commit(),
             ggml_version());
    return h;
}

// Runs the graph once; 0 on success.
int mvref_compute(struct mvref * h) {
    return ggml_backend_graph_compute(h->backend, h->graph.gf) == GGML_STATUS_SUCCESS ? 0 : 1;
}

// Copies the product (rows * batch floats, column after column) to y.
void mvref_output(struct mvref * h, float * y) {
    ggml_backend_tensor_get(h->graph.y, y, 0, ggml_nbytes(h->graph.y));
}

// Parks the thread pool's workers (they otherwise poll for a while after each graph, taking a core from the
// other engine's slice); 1 when pausing is available.
int mvref_pause(struct mvref * h) {
    return ref_threadpool_pause(h->threads > 1 ? h->tp : NULL);
}

void mvref_resume(struct mvref * h) {
    ref_threadpool_resume(h->threads > 1 ? h->tp : NULL);
}

// JSON object: buffer type, CPU library, llama.cpp commit, ggml version.
const char * mvref_describe(struct mvref * h) {
    return h->describe;
}

void mvref_close(struct mvref * h) {
    if (!h) {
        return;
    }
    ggml_backend_free(h->backend);
    ref_threadpool_free(h->tp);
    ref_graph_free(&h->graph);
    ref_weight_free(&h->weight);
    free(h);
}
