// load-check: can llama.cpp load this GGUF (vocabulary and weights) and run it? Tokenizes a prompt, runs one
// llama_decode over it and prints the most probable next tokens as JSON. Exits 1 with llama.cpp's own
// error lines when the file is refused - the check behind "llama.cpp must be able to load what chord writes".
#include "refcommon.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llama.h"

static void usage(void) {
    fprintf(stderr, "usage: load-check [--prompt TEXT] [--top 5] [--threads 1] [--no-extra-bufts] [--verbose] MODEL.gguf\n");
    exit(2);
}

int main(int argc, char ** argv) {
    const char * path = NULL;
    const char * prompt = "The capital of France is";
    int top = 5, threads = 1, verbose = 0, extra = 1;
    for (int i = 1; i < argc; i++) {
        if      (!strcmp(argv[i], "--verbose")) verbose = 1;
        else if (!strcmp(argv[i], "--no-extra-bufts")) extra = 0;
        else if (!strcmp(argv[i], "--prompt") && i + 1 < argc) prompt = argv[++i];
        else if (!strcmp(argv[i], "--top") && i + 1 < argc) top = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (argv[i][0] == '-' || path) usage();
        else path = argv[i];
    }
    if (!path || top <= 0 || threads <= 0) usage();

    ref_log_install(verbose);
    llama_log_set(ref_log_cb, NULL);
    ref_load_cpu_backend(NULL);
    llama_backend_init();

    struct llama_model_params mp = llama_model_default_params();
    mp.use_extra_bufts = extra;
    struct llama_model * model = llama_model_load_from_file(path, mp);
    if (!model) {
        fprintf(stderr, "llama.cpp could not load %s:\n", path);
        ref_log_dump(stderr);
        return 1;
    }
    const struct llama_vocab * vocab = llama_model_get_vocab(model);
    int n_vocab = llama_vocab_n_tokens(vocab);

    int cap = (int) strlen(prompt) + 8;
    llama_token * tokens = malloc(sizeof(llama_token) * (size_t) cap);
    int n_tok = llama_tokenize(vocab, prompt, (int32_t) strlen(prompt), tokens, cap, true, false);
    if (n_tok < 0) {
        cap = -n_tok;
        tokens = realloc(tokens, sizeof(llama_token) * (size_t) cap);
        n_tok = llama_tokenize(vocab, prompt, (int32_t) strlen(prompt), tokens, cap, true, false);
    }
    if (n_tok <= 0) {
        fprintf(stderr, "llama.cpp tokenized the prompt to %d tokens\n", n_tok);
        ref_log_dump(stderr);
        return 1;
    }

    struct llama_context_params cp = llama_context_default_params();
    cp.n_ctx = (uint32_t) (n_tok + 16);
    cp.n_batch = (uint32_t) n_tok;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    struct llama_context * ctx = llama_init_from_model(model, cp);
    if (!ctx) {
        fprintf(stderr, "llama.cpp could not create a context for %s:\n", path);
        ref_log_dump(stderr);
        return 1;
    }
    int rc = llama_decode(ctx, llama_batch_get_one(tokens, n_tok));
    if (rc != 0) {
        fprintf(stderr, "llama_decode failed (%d) on %s:\n", rc, path);
        ref_log_dump(stderr);
        return 1;
    }
    const float * logits = llama_get_logits_ith(ctx, -1);

    // softmax in double, then the top-k by repeated selection (k is small)
    double maxl = -INFINITY;
    for (int i = 0; i < n_vocab; i++) if (logits[i] > maxl) maxl = logits[i];
    double sum = 0;
    int finite = 1;
    for (int i = 0; i < n_vocab; i++) {
        if (!isfinite(logits[i])) finite = 0;
        sum += exp(logits[i] - maxl);
    }
    if (top > n_vocab) top = n_vocab;
    int * best = malloc(sizeof(int) * (size_t) top);
    for (int k = 0; k < top; k++) {
        int b = -1;
        for (int i = 0; i < n_vocab; i++) {
            int taken = 0;
            for (int j = 0; j < k; j++) if (best[j] == i) taken = 1;
            if (!taken && (b < 0 || logits[i] > logits[b])) b = i;
        }
        best[k] = b;
    }

    char desc[256], arch[64] = "?";
    llama_model_desc(model, desc, sizeof desc);
    llama_model_meta_val_str(model, "general.architecture", arch, sizeof arch);
    printf("{\"tool\":\"llamacpp.load_check\",\"model\":");
    ref_json_string(stdout, path);
    printf(",\"ok\":%s,\"architecture\":", finite ? "true" : "false");
    ref_json_string(stdout, arch);
    printf(",\"model_desc\":");
    ref_json_string(stdout, desc);
    printf(",\"n_vocab\":%d,\"model_n_params\":%llu,\"prompt\":", n_vocab,
           (unsigned long long) llama_model_n_params(model));
    ref_json_string(stdout, prompt);
    printf(",\"tokens\":[");
    for (int i = 0; i < n_tok; i++) printf("%s%d", i ? "," : "", tokens[i]);
    printf("],\"top\":[");
    for (int k = 0; k < top; k++) {
        char piece[128];
        int n = llama_token_to_piece(vocab, best[k], piece, sizeof piece - 1, 0, true);
        piece[n > 0 ? n : 0] = 0;
        printf("%s{\"token\":%d,\"p\":%.6f,\"logit\":%.4f,\"piece\":", k ? "," : "", best[k],
               exp(logits[best[k]] - maxl) / sum, logits[best[k]]);
        ref_json_string(stdout, piece);
        printf("}");
    }
    printf("],");
    ref_json_provenance(stdout);
    printf("}\n");

    free(best);
    free(tokens);
    llama_free(ctx);
    llama_model_free(model);
    llama_backend_free();
    if (!finite) {
        fprintf(stderr, "non-finite logits from %s\n", path);
        return 1;
    }
    return 0;
}
