// llama-bench's way of timing a llama_context, shared by e2e-bench (a process of its own) and e2e-ref (a library
// another process calls between its own engine's runs).
#ifndef CHORD_LLAMACPP_REFLLAMA_H
#define CHORD_LLAMACPP_REFLLAMA_H

#include "refcommon.h"

#include "llama.h"

// Seeds the random token ids (BOS first when the vocabulary asks for it).
void ref_llama_seed(uint64_t seed);

// One test: an untimed warm-up when warmup (the whole prompt, or one token), then reps timed runs, each on a
// cleared KV cache filled with depth tokens first (untimed): n prompt tokens in batches of n_batch (prompt = 1)
// or n single-token decodes (prompt = 0). ns[r] is run r's time. A failed llama_decode prints llama.cpp's
// error lines and exits.
void ref_time_test(struct llama_context * ctx, const struct llama_vocab * vocab, int prompt, int n, int depth,
                   int warmup, double * ns, int reps);

#endif
