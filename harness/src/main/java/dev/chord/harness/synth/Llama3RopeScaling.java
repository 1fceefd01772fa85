package dev.chord.harness.synth;

/**
 * Llama 3's RoPE frequency scaling ({@code rope_type: llama3} in a Hugging Face config): low frequencies are
 * slowed by {@code factor}, high ones kept, and those between interpolated. llama.cpp applies it through a
 * {@code rope_freqs.weight} tensor of per-frequency divisors that its converter computes
 * (conversion/llama.py {@code generate_extra_tensors}); {@link #factors} is that computation.
 */
public record Llama3RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalContext) {

    /** Llama 3.1 / 3.2's values ({@code rope_scaling} of meta-llama/Llama-3.2-1B). */
    public static final Llama3RopeScaling LLAMA_3_2 = new Llama3RopeScaling(32.0, 1.0, 4.0, 8192);

    /** The {@code headDim / 2} divisors of the rotary frequencies {@code base^(-2i/headDim)}. */
    public float[] factors(int headDim, double base) {
        double lowFreqWavelen = originalContext / lowFreqFactor;
        double highFreqWavelen = originalContext / highFreqFactor;
        float[] out = new float[headDim / 2];
        for (int i = 0; i < out.length; i++) {
            double freq = 1.0 / Math.pow(base, (2.0 * i) / headDim);
            double wavelen = 2 * Math.PI / freq;
            double f;
            if (wavelen < highFreqWavelen) {
                f = 1;
            } else if (wavelen > lowFreqWavelen) {
                f = factor;
            } else {
                double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                f = 1 / ((1 - smooth) / factor + smooth);
            }
            out[i] = (float) f;
        }
        return out;
    }
}
