// quantize: llama.cpp's own model quantization (llama_model_quantize), the reference for `chord quantize`.
// Type names and aliases as llama-quantize accepts them (Q4_K = Q4_K_M, Q5_K = Q5_K_M, Q3_K = Q3_K_M).
// --pure quantizes every 2-D weight to the one type (no per-tensor mix): what `chord quantize --pure` must
// reproduce byte for byte.
#include "refcommon.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "llama.h"

struct ftype_name { const char * name; enum llama_ftype ftype; };

static const struct ftype_name FTYPES[] = {
    { "F32", LLAMA_FTYPE_ALL_F32 },           { "F16", LLAMA_FTYPE_MOSTLY_F16 },
    { "BF16", LLAMA_FTYPE_MOSTLY_BF16 },      { "Q4_0", LLAMA_FTYPE_MOSTLY_Q4_0 },
    { "Q4_1", LLAMA_FTYPE_MOSTLY_Q4_1 },      { "Q5_0", LLAMA_FTYPE_MOSTLY_Q5_0 },
    { "Q5_1", LLAMA_FTYPE_MOSTLY_Q5_1 },      { "Q8_0", LLAMA_FTYPE_MOSTLY_Q8_0 },
    { "Q2_K", LLAMA_FTYPE_MOSTLY_Q2_K },      { "Q2_K_S", LLAMA_FTYPE_MOSTLY_Q2_K_S },
    { "Q3_K", LLAMA_FTYPE_MOSTLY_Q3_K_M },    { "Q3_K_S", LLAMA_FTYPE_MOSTLY_Q3_K_S },
    { "Q3_K_M", LLAMA_FTYPE_MOSTLY_Q3_K_M },  { "Q3_K_L", LLAMA_FTYPE_MOSTLY_Q3_K_L },
    { "Q4_K", LLAMA_FTYPE_MOSTLY_Q4_K_M },    { "Q4_K_S", LLAMA_FTYPE_MOSTLY_Q4_K_S },
    { "Q4_K_M", LLAMA_FTYPE_MOSTLY_Q4_K_M },  { "Q5_K", LLAMA_FTYPE_MOSTLY_Q5_K_M },
    { "Q5_K_S", LLAMA_FTYPE_MOSTLY_Q5_K_S },  { "Q5_K_M", LLAMA_FTYPE_MOSTLY_Q5_K_M },
    { "Q6_K", LLAMA_FTYPE_MOSTLY_Q6_K },      { "IQ4_NL", LLAMA_FTYPE_MOSTLY_IQ4_NL },
    { "IQ4_XS", LLAMA_FTYPE_MOSTLY_IQ4_XS },  { "TQ1_0", LLAMA_FTYPE_MOSTLY_TQ1_0 },
    { "TQ2_0", LLAMA_FTYPE_MOSTLY_TQ2_0 },
};

static void usage(void) {
    fprintf(stderr, "usage: quantize [--pure] [--threads N] [--allow-requantize] [--verbose] IN.gguf OUT.gguf TYPE\n"
                    "  TYPE:");
    for (size_t i = 0; i < sizeof FTYPES / sizeof FTYPES[0]; i++) fprintf(stderr, " %s", FTYPES[i].name);
    fprintf(stderr, "\n");
    exit(2);
}

int main(int argc, char ** argv) {
    int pure = 0, threads = 1, requant = 0, verbose = 0;
    const char * pos[3];
    int n_pos = 0;
    for (int i = 1; i < argc; i++) {
        if      (!strcmp(argv[i], "--pure")) pure = 1;
        else if (!strcmp(argv[i], "--allow-requantize")) requant = 1;
        else if (!strcmp(argv[i], "--verbose")) verbose = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (argv[i][0] == '-' || n_pos == 3) usage();
        else pos[n_pos++] = argv[i];
    }
    if (n_pos != 3 || threads <= 0) usage();
    const struct ftype_name * ft = NULL;
    for (size_t i = 0; i < sizeof FTYPES / sizeof FTYPES[0]; i++) {
        if (!strcasecmp(FTYPES[i].name, pos[2])) ft = &FTYPES[i];
    }
    if (!ft) {
        fprintf(stderr, "unknown type %s\n", pos[2]);
        usage();
    }

    ref_log_install(verbose);
    llama_log_set(ref_log_cb, NULL);
    ref_load_cpu_backend(NULL);
    llama_backend_init();

    llama_model_quantize_params qp = llama_model_quantize_default_params();
    qp.ftype = ft->ftype;
    qp.nthread = threads;
    qp.pure = pure;
    qp.allow_requantize = requant;
    int64_t t0 = ref_now_ns();
    uint32_t rc = llama_model_quantize(pos[0], pos[1], &qp);
    double secs = (ref_now_ns() - t0) / 1e9;
    if (rc != 0) {
        fprintf(stderr, "llama_model_quantize(%s -> %s, %s) failed (%u):\n", pos[0], pos[1], ft->name, rc);
        ref_log_dump(stderr);
        return 1;
    }
    printf("{\"tool\":\"llamacpp.quantize\",\"in\":");
    ref_json_string(stdout, pos[0]);
    printf(",\"out\":");
    ref_json_string(stdout, pos[1]);
    printf(",\"type\":\"%s\",\"ftype\":%d,\"pure\":%s,\"threads\":%d,\"seconds\":%.3f,", ft->name, (int) ft->ftype,
           pure ? "true" : "false", threads, secs);
    ref_json_provenance(stdout);
    printf("}\n");
    llama_backend_free();
    return 0;
}
