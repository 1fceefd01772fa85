package dev.chord.harness.tokenizer;

import dev.chord.gguf.GgufArray;
import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufValue;

import java.util.ArrayList;
import java.util.List;

/** Builds small vocabularies as GGUF metadata, for cases the real vocabularies do not isolate. */
final class TinyVocab {
    private final String model;
    private final List<String> texts = new ArrayList<>();
    private final List<Float> scores = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final List<String> merges = new ArrayList<>();

    private TinyVocab(String model) {
        this.model = model;
    }

    static TinyVocab spm() {
        return new TinyVocab("llama");
    }

    static TinyVocab bpe() {
        return new TinyVocab("gpt2");
    }

    TinyVocab token(String text, float score, TokenType type) {
        texts.add(text);
        scores.add(score);
        types.add(type.ggufId());
        return this;
    }

    TinyVocab token(String text, float score) {
        return token(text, score, TokenType.NORMAL);
    }

    TinyVocab merge(String leftSpaceRight) {
        merges.add(leftSpaceRight);
        return this;
    }

    GgufMetadata metadata() {
        float[] s = new float[scores.size()];
        int[] t = new int[types.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            t[i] = types.get(i);
        }
        GgufMetadata md = new GgufMetadata()
                .put("tokenizer.ggml.model", GgufValue.string(model))
                .put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStrings(texts)))
                .put("tokenizer.ggml.scores", GgufValue.array(GgufArray.ofFloats(s)))
                .put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofInt32(t)));
        if (model.equals("gpt2")) {
            md.put("tokenizer.ggml.merges", GgufValue.array(GgufArray.ofStrings(merges)));
        }
        return md;
    }
}
