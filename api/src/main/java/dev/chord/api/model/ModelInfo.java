package dev.chord.api.model;

/** What a loaded model is, for reports and for the generation loop. */
public record ModelInfo(String architecture, String name, int vocabSize, int contextLength, int embeddingLength,
                        int layerCount, int headCount, int kvHeadCount, int feedForwardLength) {
}
