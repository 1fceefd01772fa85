// e2e-bench: prompt processing (pp) and decode (tg) speed of a GGUF model under libllama, measured the way
// llama-bench does: a fresh KV cache per repetition, an untimed warm-up run before each test (the whole prompt
// for pp, one token for tg), random token ids (BOS first), llama_synchronize before the clock stops, and
// tokens/s reported as mean and sample standard deviation over the repetitions. One JSON line per
// (model, test, threads) on stdout.
#include "refcommon.h"
#include "refllama.h"

#include <stdlib.h>
#include <string.h>

#include "llama.h"

#define MAX_LIST 16

struct options {
    const char * models[MAX_LIST]; int n_models;
    int threads[MAX_LIST];         int n_threads;
    int pp, tg, depth, reps, warmup, extra_bufts;
    uint64_t seed;
    const char * cpu_variant;
    int verbose;
};

static void usage(void) {
    fprintf(stderr,
        "usage: e2e-bench [--pp 64] [--tg 32] [--depth 0] [--threads 1,2] [--reps 5] [--no-warmup] [--seed 42]\n"
        "                 [--no-extra-bufts] [--cpu-variant NAME] [--verbose] MODEL.gguf...\n"
        "  --no-extra-bufts keeps weights in plain CPU buffers (no AMX / CPU_REPACK), like llama-bench --no-repack\n"
        "  --pp 0 or --tg 0 skips that test; --depth N fills the KV cache with N tokens (untimed) before\n"
        "  each run, as llama-bench -d does, and names the tests pp64 @ dN, tg32 @ dN\n");
    exit(2);
}

static struct options parse(int argc, char ** argv) {
    struct options o = { .pp = 64, .tg = 32, .reps = 5, .warmup = 1, .extra_bufts = 1, .seed = 42 };
    o.threads[0] = 1; o.threads[1] = 2; o.n_threads = 2;
    for (int i = 1; i < argc; i++) {
        const char * a = argv[i];
        if (!strcmp(a, "--verbose")) { o.verbose = 1; continue; }
        if (!strcmp(a, "--no-warmup")) { o.warmup = 0; continue; }
        if (!strcmp(a, "--no-extra-bufts")) { o.extra_bufts = 0; continue; }
        if (a[0] != '-') {
            if (o.n_models == MAX_LIST) usage();
            o.models[o.n_models++] = a;
            continue;
        }
        if (i + 1 >= argc) usage();
        char * v = argv[++i];
        if      (!strcmp(a, "--pp"))          o.pp = atoi(v);
        else if (!strcmp(a, "--tg"))          o.tg = atoi(v);
        else if (!strcmp(a, "--depth"))       o.depth = atoi(v);
        else if (!strcmp(a, "--reps"))        o.reps = atoi(v);
        else if (!strcmp(a, "--seed"))        o.seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--cpu-variant")) o.cpu_variant = v;
        else if (!strcmp(a, "--threads")) {
            char * copy = v;  // strtok edits argv in place: fine, it is not read again
            o.n_threads = 0;
            for (char * t = strtok(copy, ","); t && o.n_threads < MAX_LIST; t = strtok(NULL, ",")) {
                o.threads[o.n_threads++] = atoi(t);
                if (o.threads[o.n_threads - 1] <= 0) usage();
            }
        } else usage();
    }
    if (o.n_models == 0 || o.pp < 0 || o.tg < 0 || o.depth < 0 || o.reps <= 0 || (o.pp == 0 && o.tg == 0)) usage();
    return o;
}

static void report(const struct options * o, const char * path, const struct llama_model * model,
                   const char * test, int n_prompt, int n_gen, int threads, double * ns, int reps) {
    int n_tokens = n_prompt + n_gen;
    double * ts = malloc(sizeof(double) * (size_t) reps);
    for (int i = 0; i < reps; i++) ts[i] = n_tokens * 1e9 / ns[i];
    char desc[256];
    llama_model_desc(model, desc, sizeof desc);
    printf("{\"tool\":\"llamacpp.e2e\",\"model\":");
    ref_json_string(stdout, path);
    printf(",\"model_desc\":");
    ref_json_string(stdout, desc);
    printf(",\"model_size\":%llu,\"model_n_params\":%llu,\"test\":\"%s\",\"n_prompt\":%d,\"n_gen\":%d,"
           "\"threads\":%d,\"extra_bufts\":%s,\"reps\":%d,\"samples_ns\":[",
           (unsigned long long) llama_model_size(model), (unsigned long long) llama_model_n_params(model), test,
           n_prompt, n_gen, threads, o->extra_bufts ? "true" : "false", reps);
    for (int i = 0; i < reps; i++) printf("%s%.0f", i ? "," : "", ns[i]);
    printf("],\"samples_ts\":[");
    for (int i = 0; i < reps; i++) printf("%s%.2f", i ? "," : "", ts[i]);
    struct ref_stats s = ref_stats_of(ts, reps);
    printf("],\"avg_ts\":%.2f,\"stddev_ts\":%.2f,", s.mean, s.sd);
    ref_json_provenance(stdout);
    printf("}\n");
    fflush(stdout);
    free(ts);
}

int main(int argc, char ** argv) {
    struct options o = parse(argc, argv);
    ref_log_install(o.verbose);
    llama_log_set(ref_log_cb, NULL);
    ref_load_cpu_backend(o.cpu_variant);
    llama_backend_init();
    ref_llama_seed(o.seed);
    fprintf(stderr, "e2e-bench: %s, llama.cpp %s\n", ref_cpu_library(), ggml_commit());

    for (int mi = 0; mi < o.n_models; mi++) {
        struct llama_model_params mp = llama_model_default_params();
        mp.use_extra_bufts = o.extra_bufts;
        struct llama_model * model = llama_model_load_from_file(o.models[mi], mp);
        if (!model) {
            fprintf(stderr, "llama.cpp could not load %s:\n", o.models[mi]);
            ref_log_dump(stderr);
            return 1;
        }
        const struct llama_vocab * vocab = llama_model_get_vocab(model);
        for (int ti = 0; ti < o.n_threads; ti++) {
            int nt = o.threads[ti];
            struct llama_context_params cp = llama_context_default_params();
            cp.n_ctx = (uint32_t) (o.depth + o.pp + o.tg);
            cp.n_threads = nt;
            cp.n_threads_batch = nt;
            struct llama_context * ctx = llama_init_from_model(model, cp);
            if (!ctx) {
                fprintf(stderr, "llama.cpp could not create a context for %s:\n", o.models[mi]);
                ref_log_dump(stderr);
                return 1;
            }
            struct ggml_threadpool * tp = ref_threadpool_new(nt);
            llama_attach_threadpool(ctx, tp, NULL);
            double * ns = malloc(sizeof(double) * (size_t) o.reps);
            char test[32];
            if (o.pp > 0) {
                ref_time_test(ctx, vocab, 1, o.pp, o.depth, o.warmup, ns, o.reps);
                if (o.depth) snprintf(test, sizeof test, "pp%d @ d%d", o.pp, o.depth);
                else snprintf(test, sizeof test, "pp%d", o.pp);
                report(&o, o.models[mi], model, test, o.pp, 0, nt, ns, o.reps);
            }
            if (o.tg > 0) {
                ref_time_test(ctx, vocab, 0, o.tg, o.depth, o.warmup, ns, o.reps);
                if (o.depth) snprintf(test, sizeof test, "tg%d @ d%d", o.tg, o.depth);
                else snprintf(test, sizeof test, "tg%d", o.tg);
                report(&o, o.models[mi], model, test, 0, o.tg, nt, ns, o.reps);
            }
            free(ns);
            llama_detach_threadpool(ctx);
            llama_free(ctx);
            ref_threadpool_free(tp);
        }
        llama_model_free(model);
    }
    llama_backend_free();
    return 0;
}
