// Shared helpers for the llama.cpp reference tools (measurement side-car, not part of Chord's build).
// Written against the public ggml/llama.h API of the llama.cpp release that node-llama-cpp 3.21.1 ships.
#ifndef CHORD_LLAMACPP_REFCOMMON_H
#define CHORD_LLAMACPP_REFCOMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ggml.h"
#include "ggml-backend.h"

// Directory holding libllama/libggml*.so; baked in by setup.sh, overridable with CHORD_LLAMACPP_LIBDIR.
#ifndef LLAMACPP_LIBDIR
#define LLAMACPP_LIBDIR "."
#endif

// Loads ggml's CPU backend. variant == NULL picks the best libggml-cpu-*.so for this CPU (what llama.cpp does);
// otherwise loads libggml-cpu-<variant>.so. Exits with a message on failure.
ggml_backend_reg_t ref_load_cpu_backend(const char * variant);

// File name of the CPU backend library that was loaded (e.g. libggml-cpu-sapphirerapids.so).
const char * ref_cpu_library(void);

// Comma-separated feature list the CPU backend reports (e.g. "AVX512=1,AMX_INT8=1,...").
const char * ref_cpu_features(void);

// Persistent thread pool for the CPU backend, like llama-bench uses (no per-graph thread creation).
struct ggml_threadpool * ref_threadpool_new(int n_threads);
void ref_threadpool_free(struct ggml_threadpool * tp);
// Parks a pool's workers (they otherwise poll for a while after each graph) and wakes them; pause returns 0
// when this ggml does not export the functions (then both do nothing).
int ref_threadpool_pause(struct ggml_threadpool * tp);
void ref_threadpool_resume(struct ggml_threadpool * tp);

// Log filter: everything goes to stderr when verbose, otherwise only warnings and errors are kept and the
// last ones can be printed with ref_log_dump (llama.cpp's own reason when loading fails).
void ref_log_install(int verbose);
// The callback itself, for llama_log_set in the tools that use libllama.
void ref_log_cb(enum ggml_log_level level, const char * text, void * user);
void ref_log_dump(FILE * out);

// Monotonic clock in nanoseconds.
int64_t ref_now_ns(void);

// Summary statistics over samples (sorted in place).
struct ref_stats {
    int    n;
    double min, median, p90, max, mean, sd;
};
struct ref_stats ref_stats_of(double * samples, int n);

// Writes s as a JSON string literal (with quotes).
void ref_json_string(FILE * out, const char * s);

// Prints the provenance fields shared by every JSON line: "llamacpp_commit", "ggml_version", "cpu_lib".
void ref_json_provenance(FILE * out);

// Seeded generator (splitmix64 + Box-Muller) so runs are repeatable.
struct ref_rng { uint64_t state; int has_spare; double spare; };
void     ref_rng_seed(struct ref_rng * r, uint64_t seed);
uint64_t ref_rng_next(struct ref_rng * r);
double   ref_rng_normal(struct ref_rng * r);

#endif
