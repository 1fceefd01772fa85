package dev.chord.harness.model;

import dev.chord.api.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class DiffProbe {
    @Test
    void probe() throws Exception {
        for (String name : new String[] {"tiny-llama-spm-Q8_0.gguf", "tiny-llama-spm-Q4_K_M.gguf", "tiny-llama-bpe-Q4_K_M.gguf"}) {
            Path model = Fixtures.models().resolve(name);
            var reg = dev.chord.api.plugin.PluginRegistry.of("kernel", dev.chord.api.kernel.MatmulKernel.class,
                    java.util.List.of(new QuantizedActivationKernel()));
            try (LoadedModel m = ModelLoader.open(model, new ModelLoader.Options(1, null, 64, 64), dev.chord.cache.stream.AllResidentWeightProvider::new, reg)) {
                int vocab = m.model().info().vocabSize();
                for (var ref : LlamaCppReference.read(Path.of(model + ".reference.jsonl"))) {
                    int n = ref.tokens().length;
                    float[] logits = new float[vocab * n];
                    m.model().forward(ref.tokens(), 0, n, 0, logits, true);
                    StringBuilder sb = new StringBuilder(name.substring(11, 19) + " " + ref.prompt().substring(0, 8) + ":");
                    for (int p = 0; p < n; p++) {
                        double[] pr = LlamaForwardTest.softmax(logits, p * vocab, vocab);
                        double mx = 0;
                        for (int j = 0; j < 8; j++) {
                            mx = Math.max(mx, Math.abs(pr[ref.topTokens()[p][j]] - ref.topProbs()[p][j]));
                        }
                        sb.append(String.format(" %.1e", mx));
                    }
                    System.out.println(sb);
                }
            }
        }
    }
}
