// See refmatmul.h. Written against the public ggml API of the llama.cpp release node-llama-cpp 3.21.1 ships.
#include "refmatmul.h"

#include <string.h>
#include <strings.h>

enum ggml_type ref_type_by_name(const char * name) {
    for (int t = 0; t < GGML_TYPE_COUNT; t++) {
        const char * tn = ggml_type_name((enum ggml_type) t);
        if (tn && ggml_type_size((enum ggml_type) t) > 0 && !strcasecmp(tn, name)) {
            return (enum ggml_type) t;
        }
    }
    return GGML_TYPE_COUNT;
}

static struct ref_weight weight_alloc(enum ggml_type type, int rows, int cols, ggml_backend_buffer_type_t buft) {
    struct ggml_init_params ip = { .mem_size = ggml_tensor_overhead() * 2, .mem_buffer = NULL, .no_alloc = true };
    struct ref_weight r = { .ctx = ggml_init(ip) };
    r.w = ggml_new_tensor_2d(r.ctx, type, cols, rows);
    ggml_set_name(r.w, "weight");
    r.buf = ggml_backend_alloc_ctx_tensors_from_buft(r.ctx, buft);
    if (r.buf) {
        ggml_backend_buffer_set_usage(r.buf, GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
    }
    return r;
}

void ref_weight_free(struct ref_weight * r) {
    if (r->buf) ggml_backend_buffer_free(r->buf);
    if (r->ctx) ggml_free(r->ctx);
    memset(r, 0, sizeof *r);
}

struct ref_graph ref_graph_build(struct ggml_tensor * w, int batch, ggml_backend_t backend) {
    struct ggml_init_params ip = { .mem_size = ggml_tensor_overhead() * 4 + ggml_graph_overhead(),
                                   .mem_buffer = NULL, .no_alloc = true };
    struct ref_graph g = { .ctx = ggml_init(ip) };
    g.x = ggml_new_tensor_2d(g.ctx, GGML_TYPE_F32, w->ne[0], batch);
    g.y = ggml_mul_mat(g.ctx, w, g.x);
    g.gf = ggml_new_graph(g.ctx);
    ggml_build_forward_expand(g.gf, g.y);
    if (backend) {
        g.buf = ggml_backend_alloc_ctx_tensors(g.ctx, backend);
    }
    return g;
}

void ref_graph_free(struct ref_graph * g) {
    if (g->buf) ggml_backend_buffer_free(g->buf);
    if (g->ctx) ggml_free(g->ctx);
    memset(g, 0, sizeof *g);
}

struct ref_weight ref_weight_place(enum ggml_type type, int rows, int cols, const void * data, int use_extra,
                                  ggml_backend_dev_t dev, ggml_backend_reg_t reg) {
    if (use_extra) {
        ggml_backend_dev_get_extra_bufts_t get_extra =
            (ggml_backend_dev_get_extra_bufts_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_dev_get_extra_bufts");
        for (ggml_backend_buffer_type_t * b = get_extra ? get_extra(dev) : NULL; b && *b; b++) {
            struct ref_weight r = weight_alloc(type, rows, cols, *b);
            if (!r.buf) {
                ref_weight_free(&r);
                continue;
            }
            // Same test llama.cpp's loader makes: does the device accept MUL_MAT with the weight in this buffer?
            struct ref_graph probe = ref_graph_build(r.w, 1, NULL);
            int ok = ggml_backend_dev_supports_op(dev, probe.y);
            ref_graph_free(&probe);
            if (ok) {
                ggml_backend_tensor_set(r.w, data, 0, ggml_nbytes(r.w));  // repacks / converts here
                return r;
            }
            ref_weight_free(&r);
        }
    }
    struct ref_weight r = weight_alloc(type, rows, cols, ggml_backend_dev_buffer_type(dev));
    if (!r.buf) {
        return r;  // the caller reports it
    }
    ggml_backend_tensor_set(r.w, data, 0, ggml_nbytes(r.w));
    return r;
}

