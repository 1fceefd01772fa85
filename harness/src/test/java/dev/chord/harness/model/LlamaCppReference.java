package dev.chord.harness.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chord.harness.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of a fixture model's {@code reference.jsonl}: llama.cpp's answers for one prompt. */
public record LlamaCppReference(String prompt, int[] tokens, int[][] topTokens, float[][] topProbs, int[] greedy) {

    public static List<LlamaCppReference> read(Path jsonl) throws IOException {
        List<LlamaCppReference> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.MAPPER.readTree(line);
            int[] tokens = ints(n.get("tokens"));
            JsonNode top = n.get("top");
            int[][] tt = new int[top.size()][];
            float[][] tp = new float[top.size()][];
            for (int i = 0; i < top.size(); i++) {
                JsonNode pos = top.get(i);
                tt[i] = new int[pos.size()];
                tp[i] = new float[pos.size()];
                for (int j = 0; j < pos.size(); j++) {
                    tt[i][j] = pos.get(j).get(0).asInt();
                    tp[i][j] = (float) pos.get(j).get(1).asDouble();
                }
            }
            out.add(new LlamaCppReference(n.get("prompt").asText(), tokens, tt, tp, ints(n.get("greedy"))));
        }
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }
}
