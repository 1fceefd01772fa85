// One ggml MUL_MAT set up the way llama.cpp runs it on the CPU: the weight in a backend buffer, the F32
// activation and the product in a one-node graph. Shared by matvec-bench (a process of its own) and
// matvec-ref (a library another process calls between its own kernel's calls).
#ifndef CHORD_LLAMACPP_REFMATMUL_H
#define CHORD_LLAMACPP_REFMATMUL_H

#include "ggml.h"
#include "ggml-backend.h"

// A weight tensor living in one buffer type; buf is NULL when it could not be allocated.
struct ref_weight {
    struct ggml_context * ctx;
    ggml_backend_buffer_t buf;
    struct ggml_tensor * w;
};

// Places the quantized bytes in the buffer type llama.cpp's loader would choose (use_extra: the first of the
// CPU backend's extra buffer types - AMX, CPU_REPACK - that accepts this mul_mat, else the plain one) or in
// the plain CPU buffer (use_extra == 0).
struct ref_weight ref_weight_place(enum ggml_type type, int rows, int cols, const void * data, int use_extra,
                                   ggml_backend_dev_t dev, ggml_backend_reg_t reg);
void ref_weight_free(struct ref_weight * r);

// The activation (cols x batch), the product and the one-node graph; tensors allocated on backend unless NULL.
struct ref_graph {
    struct ggml_context * ctx;
    ggml_backend_buffer_t buf;
    struct ggml_tensor * x, * y;
    struct ggml_cgraph * gf;
};

struct ref_graph ref_graph_build(struct ggml_tensor * w, int batch, ggml_backend_t backend);
void ref_graph_free(struct ref_graph * g);

// The ggml type named name (case-insensitive, e.g. "q4_K"), or GGML_TYPE_COUNT when there is none.
enum ggml_type ref_type_by_name(const char * name);

#endif
