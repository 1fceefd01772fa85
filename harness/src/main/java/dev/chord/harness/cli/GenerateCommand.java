package dev.chord.harness.cli;

import dev.chord.api.model.LanguageModel;
import dev.chord.cache.stream.StreamingWeightProvider;
import dev.chord.harness.generate.Generator;
import dev.chord.harness.generate.Sampler;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.tokenizer.Tokenizer;
import dev.chord.harness.tokenizer.Tokenizers;
import dev.chord.harness.tokenizer.Utf8StreamDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Streams text from a prompt; ends with prompt and decode tokens per second. */
@Command(name = "generate", description = "Generate text from a prompt with a GGUF llama-architecture model.")
final class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.gguf")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "P")
    String prompt;

    @Option(names = "-n", defaultValue = "128", description = "Most tokens to generate (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "0 = greedy (default ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95")
    float topP;

    @Option(names = "--min-p", defaultValue = "0.05")
    float minP;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    ModelOptions options;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("-n must be >= 0, got " + maxTokens);
        }
        Sampler.Params sp = new Sampler.Params(temperature, topK, topP, minP, seed);
        PrintStream out = System.out;
        try (LoadedModel m = options.open(model)) {
            LanguageModel lm = m.model();
            Tokenizer tok = Tokenizers.fromGguf(m.file().metadata());
            int[] ids = tok.encode(prompt, true, false);
            Generator gen = new Generator(lm);
            Sampler sampler = new Sampler(sp, lm.info().vocabSize());
            Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
            out.print(prompt);
            out.flush();
            Generator.Stats st = gen.generate(ids, maxTokens, sampler, id -> {
                if (tok.isEndOfGeneration(id)) {
                    return false;
                }
                out.print(utf8.accept(tok.tokenBytes(id)));
                out.flush();
                return true;
            });
            out.print(utf8.finish());
            out.println();
            System.err.printf(Locale.ROOT, "%nprompt: %d tokens, %.1f tok/s | decode: %d tokens, %.2f tok/s | kernels %s, %d thread%s%n",
                    st.promptTokens(), st.promptTokensPerSecond(), st.generatedTokens(), st.decodeTokensPerSecond(),
                    m.kernels().choices(), options.threads, options.threads == 1 ? "" : "s");
            if (m.weights() instanceof StreamingWeightProvider s) {
                var stats = s.stats();
                long passes = (long) (st.promptTokens() > 0 ? 1 : 0) + st.generatedTokens();
                var c = stats.cache();
                System.err.printf(Locale.ROOT, "weights: %s, %s prefetch, %s storage, budget %.1f MB (pinned %.1f MB), peak %.1f MB | "
                                + "hit ratio %.3f, %.1f MB loaded and %.1f ms stall per token, prefetches %d issued, %d used, %d wasted%n",
                        stats.policy(), stats.prefetch(), stats.storage(), c.capacityBytes() / 1e6, c.pinnedBytes() / 1e6,
                        c.peakBytes() / 1e6, c.hitRatio(), stats.bytesLoadedPer(Math.max(1, passes)) / 1e6,
                        stats.stallMillisPer(Math.max(1, passes)), c.prefetchIssued(), c.prefetchUsed(), c.prefetchWasted());
                s.checkInvariants();
            }
        }
        return 0;
    }
}
