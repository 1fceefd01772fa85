package dev.chord.harness.cli;

import dev.chord.api.model.LanguageModel;
import dev.chord.harness.generate.Sampler;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.tokenizer.Tokenizer;
import dev.chord.harness.tokenizer.Tokenizers;
import dev.chord.harness.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Teacher-forced next-token probabilities at every prompt position plus a greedy continuation, as one JSON
 * object shaped exactly like a line of the fixtures' {@code reference.jsonl} (so Chord can be diffed against
 * llama.cpp): {@code prompt}, {@code bos_added}, {@code tokens}, {@code top} (per position, [token, probability]
 * pairs), {@code greedy}, {@code prompt_ms}, {@code decode_tok_per_s}, {@code threads}.
 */
@Command(name = "eval", description = "Next-token probabilities at every prompt position and a greedy continuation, "
        + "as JSON shaped like llama.cpp's reference.jsonl.")
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.gguf")
    Path model;

    @Option(names = "--prompt", required = true)
    String prompt;

    @Option(names = "--top", defaultValue = "8", description = "Tokens listed per position (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--greedy", defaultValue = "24", description = "Greedy tokens after the prompt (default ${DEFAULT-VALUE}).")
    int greedy;

    @Option(names = "--json", description = "One JSON object (the reference.jsonl shape) instead of text.")
    boolean json;

    @Mixin
    ModelOptions options;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (top < 1 || greedy < 0) {
            throw new IllegalArgumentException("--top must be >= 1 and --greedy >= 0");
        }
        try (LoadedModel m = options.open(model)) {
            LanguageModel lm = m.model();
            Tokenizer tok = Tokenizers.fromGguf(m.file().metadata());
            int[] tokens = tok.encode(prompt, true, false);
            int vocab = lm.info().vocabSize();
            if (tokens.length + greedy > lm.contextLength()) {
                throw new IllegalArgumentException(tokens.length + " prompt + " + greedy + " greedy tokens exceed the context of "
                        + lm.contextLength() + " (raise --ctx)");
            }
            List<List<List<Object>>> topLists = new ArrayList<>();
            int batch = lm.maxBatch();
            float[] logits = new float[batch * vocab];
            long t0 = System.nanoTime();
            for (int pos = 0; pos < tokens.length; pos += batch) {
                int n = Math.min(batch, tokens.length - pos);
                lm.forward(tokens, pos, n, pos, logits, true);
                for (int b = 0; b < n; b++) {
                    topLists.add(topK(logits, b * vocab, vocab, top));
                }
            }
            long promptNs = System.nanoTime() - t0;
            int lastOff = ((tokens.length - 1) % batch) * vocab;
            int next = Sampler.argmax(logits, lastOff, vocab);
            int[] out = new int[greedy];
            float[] last = new float[vocab];
            int[] one = new int[1];
            long t1 = System.nanoTime();
            for (int i = 0; i < greedy; i++) {
                out[i] = next;
                if (i + 1 < greedy) {
                    one[0] = next;
                    lm.forward(one, 0, 1, tokens.length + i, last, false);
                    next = Sampler.argmax(last, 0, vocab);
                }
            }
            long decodeNs = System.nanoTime() - t1;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("prompt", prompt);
            r.put("bos_added", tokens.length > 0 && tokens[0] == tok.bosId() && tok.addsBos());
            r.put("tokens", tokens);
            r.put("top", topLists);
            r.put("greedy", out);
            r.put("prompt_ms", promptNs / 1e6);
            r.put("decode_tok_per_s", greedy > 1 ? (greedy - 1) * 1e9 / decodeNs : null);
            r.put("threads", options.threads);
            if (json) {
                System.out.println(Json.compact(r));
            } else {
                System.out.println("tokens: " + java.util.Arrays.toString(tokens));
                for (int p = 0; p < tokens.length; p++) {
                    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4d %-12s ->", p,
                            "'" + tok.tokenText(tokens[p]) + "'"));
                    for (List<Object> e : topLists.get(p)) {
                        sb.append(String.format(Locale.ROOT, "  %s %.4f", tok.tokenText((Integer) e.get(0)), (Double) e.get(1)));
                    }
                    System.out.println(sb);
                }
                System.out.println("greedy: " + tok.decode(out) + "  " + java.util.Arrays.toString(out));
            }
        }
        return 0;
    }

    /** The k most probable tokens with their softmax probabilities (computed in double). */
    static List<List<Object>> topK(float[] logits, int off, int vocab, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        int[] best = new int[Math.min(k, vocab)];
        java.util.Arrays.fill(best, -1);
        for (int i = 0; i < vocab; i++) {
            float v = logits[off + i];
            int j = best.length - 1;
            if (best[j] >= 0 && logits[off + best[j]] >= v) {
                continue;
            }
            while (j > 0 && (best[j - 1] < 0 || logits[off + best[j - 1]] < v)) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        List<List<Object>> out = new ArrayList<>();
        for (int id : best) {
            if (id >= 0) {
                out.add(List.of(id, Math.exp(logits[off + id] - max) / sum));
            }
        }
        return out;
    }
}
