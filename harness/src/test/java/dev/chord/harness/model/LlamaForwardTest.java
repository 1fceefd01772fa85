package dev.chord.harness.model;

import dev.chord.api.model.LanguageModel;
import dev.chord.api.testing.Fixtures;
import dev.chord.harness.generate.Sampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward pass against llama.cpp's answers on the fixture models: for every prompt, teacher-forced over
 * llama.cpp's tokens, the top-1 token is identical at every position and every listed top-8 probability is
 * within 0.02; then the 24 greedy tokens are identical.
 */
class LlamaForwardTest {

    static final double PROB_TOLERANCE = 0.02;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama-spm-Q8_0.gguf", "tiny-llama-spm-Q4_K_M.gguf", "tiny-llama-bpe-Q4_K_M.gguf"})
    void matchesLlamaCpp(String name) throws Exception {
        Path model = Fixtures.models().resolve(name);
        List<String> problems = new ArrayList<>();
        double worstDiff = 0;
        try (LoadedModel m = ModelLoader.open(model, new ModelLoader.Options(2, null, 256, 64), f -> new dev.chord.cache.stream.AllResidentWeightProvider(f),
                dev.chord.api.plugin.PluginRegistry.of("kernel", dev.chord.api.kernel.MatmulKernel.class,
                        java.util.List.of(new dev.chord.kernels.scalar.matmul.ScalarInt8Kernel())))) {
            LanguageModel lm = m.model();
            int vocab = lm.info().vocabSize();
            for (LlamaCppReference ref : LlamaCppReference.read(Path.of(model + ".reference.jsonl"))) {
                int n = ref.tokens().length;
                float[] logits = new float[n * vocab];
                lm.forward(ref.tokens(), 0, n, 0, logits, true);
                for (int p = 0; p < n; p++) {
                    double[] probs = softmax(logits, p * vocab, vocab);
                    int top1 = Sampler.argmax(logits, p * vocab, vocab);
                    if (top1 != ref.topTokens()[p][0]) {
                        problems.add(String.format(Locale.ROOT, "'%s' pos %d: top-1 %d (p=%.4f), llama.cpp %d (p=%.4f)",
                                ref.prompt(), p, top1, probs[top1], ref.topTokens()[p][0], ref.topProbs()[p][0]));
                    }
                    for (int j = 0; j < ref.topTokens()[p].length; j++) {
                        double d = Math.abs(probs[ref.topTokens()[p][j]] - ref.topProbs()[p][j]);
                        worstDiff = Math.max(worstDiff, d);
                        if (d > PROB_TOLERANCE) {
                            problems.add(String.format(Locale.ROOT, "'%s' pos %d: p(%d) = %.4f, llama.cpp %.4f",
                                    ref.prompt(), p, ref.topTokens()[p][j], probs[ref.topTokens()[p][j]], ref.topProbs()[p][j]));
                        }
                    }
                }
                int[] greedy = new int[ref.greedy().length];
                int[] one = new int[1];
                float[] last = new float[vocab];
                int next = Sampler.argmax(logits, (n - 1) * vocab, vocab);
                for (int i = 0; i < greedy.length; i++) {
                    greedy[i] = next;
                    one[0] = next;
                    lm.forward(one, 0, 1, n + i, last, false);
                    next = Sampler.argmax(last, 0, vocab);
                }
                if (!java.util.Arrays.equals(greedy, ref.greedy())) {
                    problems.add("'" + ref.prompt() + "' greedy " + java.util.Arrays.toString(greedy) + " vs llama.cpp "
                            + java.util.Arrays.toString(ref.greedy()));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: largest top-8 probability difference from llama.cpp %.5f%n", name, worstDiff);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    static double[] softmax(float[] logits, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[off + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
