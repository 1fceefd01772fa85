// e2e-ref: libllama's prompt processing and decoding as a shared library, so that another engine's process
// (Chord's JVM, through the FFM API) can time llama.cpp on the same model in the same process, alternating with
// its own runs: the engines of a round then see the same machine state, which on a drifting VM separate
// processes minutes apart do not.
//
// One handle = one model (memory-mapped, as llama.cpp loads it) and one context with its own thread pool.
// e2eref_run times one run the way e2e-bench times a repetition (refllama.c, llama-bench's method). Not
// thread-safe; one caller thread per handle.
#include "refcommon.h"
#include "refllama.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct e2eref {
    struct llama_model * model;
    struct llama_context * ctx;
    struct ggml_threadpool * tp;
    const struct llama_vocab * vocab;
    int threads;
    char describe[768];
};

static char g_error[512];
static int g_backend_ready;

const char * e2eref_last_error(void) {
    return g_error;
}

static void fail(const char * fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_error, sizeof g_error, fmt, ap);
    va_end(ap);
}

// path: a GGUF; n_ctx: KV cache capacity in tokens (depth + test tokens at least); extra_bufts: 0 keeps the
// weights in plain CPU buffers (e2e-bench --no-extra-bufts), 1 lets llama.cpp pick AMX / CPU_REPACK. NULL on
// error (e2eref_last_error says why).
struct e2eref * e2eref_open(const char * path, int threads, int n_ctx, int extra_bufts, uint64_t seed) {
    if (threads <= 0 || n_ctx <= 0) {
        fail("threads %d and n_ctx %d must be positive", threads, n_ctx);
        return NULL;
    }
    if (!g_backend_ready) {
        ref_log_install(0);
        llama_log_set(ref_log_cb, NULL);
        ref_load_cpu_backend(NULL);
        llama_backend_init();
        g_backend_ready = 1;
    }
    ref_llama_seed(seed);
    struct llama_model_params mp = llama_model_default_params();
    mp.use_extra_bufts = extra_bufts;
    struct llama_model * model = llama_model_load_from_file(path, mp);
    if (!model) {
        fail("llama.cpp could not load %s (its log: run load-check on it)", path);
        return NULL;
    }
    struct llama_context_params cp = llama_context_default_params();
    cp.n_ctx = (uint32_t) n_ctx;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    struct llama_context * ctx = llama_init_from_model(model, cp);
    if (!ctx) {
        fail("llama.cpp could not create a context of %d tokens for %s", n_ctx, path);
        llama_model_free(model);
        return NULL;
    }
    struct e2eref * h = calloc(1, sizeof *h);
    h->model = model;
    h->ctx = ctx;
    h->vocab = llama_model_get_vocab(model);
    h->threads = threads;
    h->tp = ref_threadpool_new(threads);
    llama_attach_threadpool(ctx, h->tp, NULL);
    char desc[256];
    llama_model_desc(model, desc, sizeof desc);
    snprintf(h->describe, sizeof h->describe,
             "{\"model_desc\":\"%s\",\"extra_bufts\":%s,\"cpu_lib\":\"%s\",\"llamacpp_commit\":\"%s\",\"ggml_version\":\"%s\"}",
             desc, extra_bufts ? "true" : "false", ref_cpu_library(), ggml_commit(), ggml_version());
    return h;
}

// Nanoseconds of one timed run: n prompt tokens in batches (prompt = 1) or n tokens decoded one at a time
// (prompt = 0), on a cleared KV cache filled untimed with depth tokens first.
double e2eref_run(struct e2eref * h, int prompt, int n, int depth) {
    double ns = 0;
    ref_time_test(h->ctx, h->vocab, prompt, n, depth, 0, &ns, 1);
    return ns;
}

// Parks the thread pool's workers between the caller's slices (they otherwise poll for a while after each
// graph, taking a core from the other engine) and wakes them again.
void e2eref_pause(struct e2eref * h) {
    ref_threadpool_pause(h->threads > 1 ? h->tp : NULL);
}

void e2eref_resume(struct e2eref * h) {
    ref_threadpool_resume(h->threads > 1 ? h->tp : NULL);
}

// JSON object: llama.cpp's model description, buffer choice, CPU library, commit, ggml version.
const char * e2eref_describe(struct e2eref * h) {
    return h->describe;
}

void e2eref_close(struct e2eref * h) {
    if (!h) {
        return;
    }
    llama_detach_threadpool(h->ctx);
    llama_free(h->ctx);
    ref_threadpool_free(h->tp);
    llama_model_free(h->model);
    free(h);
}
