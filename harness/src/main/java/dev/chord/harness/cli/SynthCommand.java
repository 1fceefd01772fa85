package dev.chord.harness.cli;

import dev.chord.harness.quantize.LlamaFileType;
import dev.chord.harness.quantize.TensorPlan;
import dev.chord.harness.synth.ModelShape;
import dev.chord.harness.synth.ModelSynthesizer;
import dev.chord.harness.synth.SynthPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Writes a llama-architecture model with seeded random weights and a real model's dimensions. */
@Command(name = "synth", description = {
        "Write a llama-architecture GGUF model with seeded random weights and real dimensions (streamed to disk).",
        "Without --vocab-from it has a byte-level SentencePiece vocabulary of the preset's size; llama.cpp loads it."})
final class SynthCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "OUT.gguf", description = "output file (replaced atomically)")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", description = "tiny, smollm2-135m, tinyllama-1.1b, llama-3.2-1b, llama-2-7b")
    String preset;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "F16",
            description = "file type as for chord quantize (F32, F16, BF16, Q8_0, Q4_K_M, ...); default ${DEFAULT-VALUE}, "
                    + "like llama.cpp's converter")
    String type;

    @Option(names = "--pure", description = "No mix: every 2-D weight in the type's base tensor type.")
    boolean pure;

    @Option(names = "--vocab-from", paramLabel = "VOCAB.gguf", description = "Copy the tokenizer (tokenizer.* keys) "
            + "of this GGUF file; the model's vocabulary size becomes its token count.")
    Path vocabFrom;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads generating rows (default: all cores).")
    Integer threads;

    @Option(names = "--list", description = "Print the presets with their dimensions and sizes, then exit.")
    boolean list;

    @Option(names = "--quiet", description = "No per-tensor progress lines.")
    boolean quiet;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (list) {
            System.out.print(presetTable());
            return 0;
        }
        if (out == null || preset == null) {
            throw new IllegalArgumentException("usage: chord synth OUT.gguf --preset NAME [--type TYPE] "
                    + "[--vocab-from VOCAB.gguf] [--seed N]; presets: " + SynthPreset.names());
        }
        SynthPreset p = SynthPreset.parse(preset);
        LlamaFileType ft = LlamaFileType.parse(type);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        TensorProgress progress = new TensorProgress(System.err, quiet);
        List<TensorPlan> plans = ModelSynthesizer.synthesize(out,
                new ModelSynthesizer.Options(p.shape(), ft, pure, seed, vocabFrom, n), progress);
        long params = 0;
        long bytes = 0;
        for (TensorPlan t : plans) {
            params += t.source().elementCount();
            bytes += t.output().byteSize();
        }
        long vocab = plans.stream().filter(t -> t.name().equals("token_embd.weight")).findFirst()
                .map(t -> t.source().dim(1)).orElse(0L);
        System.out.printf(Locale.ROOT, "%s: %s, %s%s (general.file_type %d), %d tensors, %,d parameters, "
                        + "%.2f MiB of tensor data, vocabulary %d (%s), seed %d, %.1f s%n", out, p.id(), ft,
                pure ? " --pure" : "", ft.id(), plans.size(), params, TensorProgress.mib(bytes), vocab,
                vocabFrom != null ? "from " + vocabFrom : "byte-level SentencePiece", seed, progress.seconds());
        return 0;
    }

    /** The presets' dimensions and tensor-data sizes at a few file types. */
    static String presetTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-15s %5s %6s %5s %8s %6s %7s %5s %-8s %9s %10s %10s %10s%n", "preset",
                "dim", "layers", "heads", "kv_heads", "ffn", "vocab", "tied", "rope", "params", "F32", "F16", "Q4_K_M"));
        for (SynthPreset p : SynthPreset.values()) {
            ModelShape s = p.shape();
            sb.append(String.format(Locale.ROOT, "%-15s %5d %6d %5d %8d %6d %7d %5s %-8s %8.1fM %10s %10s %10s%n",
                    p.id(), s.dim(), s.layers(), s.heads(), s.kvHeads(), s.ffn(), s.vocab(), s.tied() ? "yes" : "no",
                    (int) s.ropeBase() + (s.llama3Rope().isPresent() ? "+l3" : ""), s.parameterCount() / 1e6,
                    size(s, LlamaFileType.F32), size(s, LlamaFileType.F16), size(s, LlamaFileType.Q4_K_M)));
        }
        sb.append("sizes: tensor data; +l3: llama3 RoPE scaling (rope_freqs.weight)\n");
        return sb.toString();
    }

    private static String size(ModelShape s, LlamaFileType ft) {
        double mib = TensorProgress.mib(ModelSynthesizer.tensorBytes(s, ft));
        return mib >= 1024 ? String.format(Locale.ROOT, "%.2f GiB", mib / 1024) : String.format(Locale.ROOT, "%.1f MiB", mib);
    }
}
