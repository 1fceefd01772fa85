package dev.chord.harness.cli;

import dev.chord.gguf.GgufFile;
import dev.chord.harness.quantize.LlamaFileType;
import dev.chord.harness.quantize.ModelQuantizer;
import dev.chord.harness.quantize.TensorPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Quantizes a GGUF model like llama.cpp's llama-quantize. */
@Command(name = "quantize", description = {
        "Quantize a GGUF model as llama.cpp's llama-quantize does (no importance matrix); streams tensor by tensor.",
        "TYPE is a llama.cpp mix (Q4_K_M, Q5_K_M, Q6_K, Q8_0, Q4_0, ...) or a tensor type llama-quantize reads "
                + "as one (Q4_K = Q4_K_M); --pure puts every 2-D weight in the mix's base type."})
final class QuantizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN.gguf", description = "model to quantize (F32, F16, BF16 or quantized)")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.gguf", description = "output file (replaced atomically if it exists)")
    Path out;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "file type: ${COMPLETION-CANDIDATES}",
            completionCandidates = TypeNames.class)
    String type;

    @Option(names = "--pure", description = "No mix: every quantizable tensor in the type's base tensor type "
            + "(fallbacks for row lengths still apply).")
    boolean pure;

    @Option(names = "--threads", paramLabel = "N", description = "Threads converting rows (default: all cores).")
    Integer threads;

    @Option(names = "--allow-requantize", description = "Accept already quantized tensors: they are dequantized, "
            + "then quantized (accuracy is lost twice), as llama.cpp's --allow-requantize.")
    boolean allowRequantize;

    @Option(names = "--dry-run", description = "Print each tensor's type and size; write nothing.")
    boolean dryRun;

    @Option(names = "--quiet", description = "No per-tensor progress lines.")
    boolean quiet;

    @Option(names = "--verbose", description = "Show stack traces and debug logging (each fallback's reason).")
    boolean verbose;

    /** The names --type accepts, for the help text. */
    static final class TypeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(LlamaFileType.values()).map(LlamaFileType::name).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        LlamaFileType ft = LlamaFileType.parse(type);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        var options = new ModelQuantizer.Options(ft, pure, allowRequantize, n);
        TensorProgress progress = new TensorProgress(System.err, quiet);
        if (dryRun) {
            return dryRun(options, progress);
        }
        ModelQuantizer.Result r = ModelQuantizer.quantize(in, out, options, progress);
        System.out.printf(Locale.ROOT, "%s: %s%s (general.file_type %d), %d tensors, %.2f MiB -> %.2f MiB, "
                        + "%.1f s, %d thread%s%n", out, ft, pure ? " --pure" : "", ft.id(), r.plans().size(),
                TensorProgress.mib(r.inputTensorBytes()), TensorProgress.mib(r.outputTensorBytes()),
                progress.seconds(), n, n == 1 ? "" : "s");
        return 0;
    }

    private int dryRun(ModelQuantizer.Options options, TensorProgress progress) throws Exception {
        try (GgufFile f = GgufFile.open(in)) {
            List<TensorPlan> plans = ModelQuantizer.plan(f, options);
            progress.planned(plans);
            long values = 0;
            long total = plans.stream().mapToLong(p -> p.source().elementCount()).sum();
            long inBytes = 0;
            long outBytes = 0;
            for (int i = 0; i < plans.size(); i++) {
                TensorPlan p = plans.get(i);
                values += p.source().elementCount();
                inBytes += p.source().byteSize();
                outBytes += p.output().byteSize();
                progress.written(i, plans.size(), p, values, total);
            }
            System.out.printf(Locale.ROOT, "%s: %s%s would be %.2f MiB -> %.2f MiB of tensor data (%.2f bits per "
                            + "parameter); nothing written%n", in, options.fileType(), options.pure() ? " --pure" : "",
                    TensorProgress.mib(inBytes), TensorProgress.mib(outBytes), 8.0 * outBytes / total);
        }
        return 0;
    }
}
