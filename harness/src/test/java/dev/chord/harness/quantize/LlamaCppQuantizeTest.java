package dev.chord.harness.quantize;

import dev.chord.harness.synth.ModelSynthesizer;
import dev.chord.harness.synth.SynthPreset;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chord.harness.generate.Sampler;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.model.ModelLoader;
import dev.chord.harness.tokenizer.Tokenizers;
import dev.chord.harness.util.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte identity with llama.cpp itself: the tiny synthetic F32 model quantized by llama.cpp's
 * {@code llama_model_quantize} (harness/tools/llamacpp, {@code bin/quantize}) and by Chord gives the same file,
 * pure and with the mix; and llama.cpp loads what {@code chord synth} writes and reads it as Chord does. Runs only where the reference tools
 * are built (harness/tools/llamacpp/setup.sh); elsewhere it is skipped, saying so.
 */
class LlamaCppQuantizeTest {

    @TempDir
    static Path dir;
    static Path bin;
    static Path f32;

    @BeforeEach
    void setUp() throws IOException {
        String home = System.getenv("CHORD_LLAMACPP_HOME");
        Path base = home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".cache", "chord", "llamacpp-ref");
        bin = base.resolve("bin");
        Assumptions.assumeTrue(Files.isExecutable(bin.resolve("quantize")) && Files.isExecutable(bin.resolve("load-check")),
                "llama.cpp reference tools not found in " + bin + " (run harness/tools/llamacpp/setup.sh); "
                        + "the byte-identity checks against llama.cpp are SKIPPED, not passed");
        if (f32 != null) {
            return;
        }
        f32 = dir.resolve("tiny-f32.gguf");
        ModelSynthesizer.synthesize(f32, new ModelSynthesizer.Options(SynthPreset.TINY.shape(), LlamaFileType.F32,
                false, 11, null, 2), WriteListener.NONE);
    }

    @Test
    void quantizedFilesAreByteIdenticalToLlamaCpp() throws Exception {
        List<String> different = new ArrayList<>();
        int compared = 0;
        // a sample (the mix with its per-layer rules, pure, a non-linear type); the README lists every type
        // compared by hand
        record Case(LlamaFileType type, boolean pure) {
        }
        for (Case c : List.of(new Case(LlamaFileType.Q4_K_M, false), new Case(LlamaFileType.Q4_K_M, true),
                new Case(LlamaFileType.IQ4_XS, false))) {
            Path ref = dir.resolve("ref.gguf");
            Path ours = dir.resolve("chord.gguf");
            List<String> cmd = new ArrayList<>(List.of(bin.resolve("quantize").toString()));
            if (c.pure()) {
                cmd.add("--pure");
            }
            cmd.addAll(List.of(f32.toString(), ref.toString(), c.type().name()));
            run(cmd);
            ModelQuantizer.quantize(f32, ours, new ModelQuantizer.Options(c.type(), c.pure(), false, 2),
                    WriteListener.NONE);
            long at = Files.mismatch(ref, ours);
            if (at != -1) {
                different.add(c + ": first difference at byte " + at);
            }
            compared++;
        }
        assertEquals(List.of(), different, "of " + compared + " files compared");
    }

    /**
     * llama.cpp loads what synth writes, tokenizes the prompt as Chord does, and its top next tokens are Chord's
     * (same order, probabilities within 0.02).
     */
    @Test
    void llamaCppLoadsSynthesizedModelsAndAgreesWithChord() throws Exception {
        Path q = dir.resolve("tiny-q4km.gguf");
        ModelSynthesizer.synthesize(q, new ModelSynthesizer.Options(SynthPreset.TINY.shape(), LlamaFileType.Q4_K_M,
                false, 11, null, 2), WriteListener.NONE);
        for (Path model : List.of(f32, q)) {
            String out = run(List.of(bin.resolve("load-check").toString(), "--top", "3", model.toString()));
            JsonNode json = Json.MAPPER.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertTrue(json.get("ok").asBoolean(), out);
            assertEquals(SynthPreset.TINY.shape().vocab(), json.get("n_vocab").asInt(), out);
            try (LoadedModel m = ModelLoader.open(model, new ModelLoader.Options(1, null, 64, 64))) {
                int[] tokens = Tokenizers.fromGguf(m.file().metadata()).encode(json.get("prompt").asText(), true, false);
                int[] llamaTokens = new int[json.get("tokens").size()];
                for (int i = 0; i < llamaTokens.length; i++) {
                    llamaTokens[i] = json.get("tokens").get(i).asInt();
                }
                assertArrayEquals(llamaTokens, tokens, "tokenization of the prompt");
                int vocab = m.model().info().vocabSize();
                float[] logits = new float[vocab];
                m.model().forward(tokens, 0, tokens.length, 0, logits, false);
                double max = Double.NEGATIVE_INFINITY;
                for (float x : logits) {
                    max = Math.max(max, x);
                }
                double sum = 0;
                for (float x : logits) {
                    sum += Math.exp(x - max);
                }
                JsonNode top = json.get("top");
                assertEquals(top.get(0).get("token").asInt(), Sampler.argmax(logits, 0, vocab), model + ": top-1");
                for (JsonNode t : top) {
                    double p = Math.exp(logits[t.get("token").asInt()] - max) / sum;
                    assertEquals(t.get("p").asDouble(), p, 0.02, model + ": p(" + t.get("token") + ")");
                }
            }
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + "\n" + out);
        return out;
    }
}
