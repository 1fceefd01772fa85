// See refllama.h. Written against the public llama.h API of the llama.cpp release node-llama-cpp 3.21.1 ships.
#include "refllama.h"

#include <stdlib.h>

static struct ref_rng g_rng;

void ref_llama_seed(uint64_t seed) {
    ref_rng_seed(&g_rng, seed);
}

static llama_token random_token(const struct llama_vocab * vocab) {
    return (llama_token) (ref_rng_next(&g_rng) % (uint64_t) llama_vocab_n_tokens(vocab));
}

static llama_token first_token(const struct llama_vocab * vocab) {
    return llama_vocab_get_add_bos(vocab) ? llama_vocab_bos(vocab) : random_token(vocab);
}

static void decode_or_die(struct llama_context * ctx, struct llama_batch batch) {
    int rc = llama_decode(ctx, batch);
    if (rc != 0) {
        fprintf(stderr, "llama_decode failed (%d)\n", rc);
        ref_log_dump(stderr);
        exit(1);
    }
}

// The prompt in slices of n_batch tokens, as one llama_decode call each; BOS first unless it continues a
// filled cache (a depth).
static void run_prompt(struct llama_context * ctx, const struct llama_vocab * vocab, int n_prompt, int first) {
    int n_batch = (int) llama_n_batch(ctx);
    llama_token * tokens = malloc(sizeof(llama_token) * (size_t) n_batch);
    for (int done = 0; done < n_prompt; ) {
        int n = n_prompt - done < n_batch ? n_prompt - done : n_batch;
        for (int i = 0; i < n; i++) {
            tokens[i] = (first && done == 0 && i == 0) ? first_token(vocab) : random_token(vocab);
        }
        decode_or_die(ctx, llama_batch_get_one(tokens, n));
        done += n;
    }
    llama_synchronize(ctx);
    free(tokens);
}

// One token at a time, each decode finished before the next token is chosen.
static void run_gen(struct llama_context * ctx, const struct llama_vocab * vocab, int n_gen, int first) {
    llama_token token = first ? first_token(vocab) : random_token(vocab);
    for (int i = 0; i < n_gen; i++) {
        decode_or_die(ctx, llama_batch_get_one(&token, 1));
        llama_synchronize(ctx);
        token = random_token(vocab);
    }
}

// One test: an untimed warm-up (the whole prompt, or one token), then reps timed runs, each on a cleared
// KV cache filled with depth tokens first (untimed): the prompt in batches (prompt = 1) or n single-token
// decodes (prompt = 0).
void ref_time_test(struct llama_context * ctx, const struct llama_vocab * vocab, int prompt, int n, int depth,
                      int warmup, double * ns, int reps) {
    llama_memory_t mem = llama_get_memory(ctx);
    if (warmup) {
        llama_memory_clear(mem, false);
        if (depth) run_prompt(ctx, vocab, depth, 1);
        if (prompt) run_prompt(ctx, vocab, n, !depth); else run_gen(ctx, vocab, 1, !depth);
    }
    for (int r = 0; r < reps; r++) {
        llama_memory_clear(mem, false);
        if (depth) run_prompt(ctx, vocab, depth, 1);
        int64_t t0 = ref_now_ns();
        if (prompt) run_prompt(ctx, vocab, n, !depth); else run_gen(ctx, vocab, n, !depth);
        ns[r] = (double) (ref_now_ns() - t0);
    }
}

