package dev.chord.harness.quantize;

import dev.chord.api.ggml.GgmlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides each tensor's type the way llama.cpp's quantizer does for the llama architecture, without an
 * importance matrix or overrides: src/llama-quant.cpp {@code tensor_allows_quantization},
 * {@code llama_tensor_get_type}, {@code llama_tensor_get_type_impl} and {@code tensor_type_fallback}
 * (llama.cpp 80fb11a). Only the branches for the file types in {@link LlamaFileType} are carried over.
 *
 * <ul>
 *   <li>Only 2-D (and 3-D expert) tensors whose names end in {@code weight} are quantized; norms, the MoE router,
 *       1-D tensors ({@code rope_freqs}) and a list of small special tensors keep their type.</li>
 *   <li>With a quantized file type, the mix adjusts types: {@code output.weight} (and a tied
 *       {@code token_embd.weight}) to Q6_K, or Q8_0 when its row is not a multiple of the type's block;
 *       {@code attn_v} and {@code ffn_down} get more bits in the layers {@code use_more_bits} picks (the first
 *       and last eighth and every third between); and so on per mix. {@code --pure} skips the mix.</li>
 *   <li>A type whose block does not divide the row length falls back (Q4_K to Q5_0, Q5_K to Q5_1, Q6_K to
 *       Q8_0, Q2_K/Q3_K/TQ2_0 to Q4_0, IQ4_XS to IQ4_NL), and to F16 when even that does not fit.</li>
 * </ul>
 *
 * <p>The counters of the mix ({@code i_attention_wv}, {@code i_ffn_down}) advance in llama.cpp's tensor order,
 * {@link TensorOrder#LLAMA_CPP}, which {@link #plan} returns its decisions in.
 */
public final class TensorTypeRules {

    private static final System.Logger LOG = System.getLogger(TensorTypeRules.class.getName());

    /** Broad tensor roles ({@code tensor_category} in src/llama-quant.cpp). */
    enum Category {
        TOKEN_EMBD, ATTENTION_Q, ATTENTION_V, ATTENTION_K, ATTENTION_QKV, ATTENTION_KV_B, ATTENTION_OUTPUT,
        FFN_UP, FFN_GATE, FFN_DOWN, OUTPUT, OTHER;

        /** attn_v-like tensors, the most sensitive to quantization ({@code category_is_attn_v}). */
        boolean isAttentionV() {
            return this == ATTENTION_V || this == ATTENTION_QKV || this == ATTENTION_KV_B;
        }
    }

    /** Name fragments of 2-D weights llama.cpp never quantizes (tensor_allows_quantization). */
    private static final List<String> NEVER_QUANTIZED_FRAGMENTS = List.of("_norm.weight", "ffn_gate_inp.weight",
            "ffn_gate_tid2eid.weight", "altup", "laurel", "per_layer_model_proj", "ssm_conv1d",
            "shortconv.conv.weight", "indexer.k_proj.weight", "indexer.q_proj.weight", "time_mix_first.weight",
            "time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_v0.weight",
            "time_mix_v1.weight", "time_mix_v2.weight", "time_mix_a0.weight", "time_mix_a1.weight",
            "time_mix_a2.weight", "time_mix_g1.weight", "time_mix_g2.weight", "time_mix_decay_w1.weight",
            "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight", "attn_rel_b.weight", ".position_embd",
            "sam.pos_embd", "sam.neck.", "sam.net_", ".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook",
            "mm.a.code_embd");

    /** Name fragments of the other categories, tested in this order (tensor_get_category). */
    private static final List<Map.Entry<String, Category>> CATEGORY_FRAGMENTS = List.of(
            Map.entry("attn_qkv.weight", Category.ATTENTION_QKV), Map.entry("attn_kv_b.weight", Category.ATTENTION_KV_B),
            Map.entry("attn_v.weight", Category.ATTENTION_V), Map.entry("attn_k.weight", Category.ATTENTION_K),
            Map.entry("attn_q.weight", Category.ATTENTION_Q), Map.entry("attn_output.weight", Category.ATTENTION_OUTPUT),
            Map.entry("ffn_up", Category.FFN_UP), Map.entry("ffn_gate", Category.FFN_GATE),
            Map.entry("ffn_down", Category.FFN_DOWN));

    private final ModelFacts model;
    private final LlamaFileType fileType;
    private final boolean pure;
    private final boolean tiedEmbeddings;
    private final int attentionVCount;
    private int attentionVSeen;
    private int ffnDownSeen;
    private int ffnGateSeen;
    private int ffnUpSeen;

    private TensorTypeRules(ModelFacts model, LlamaFileType fileType, boolean pure, List<TensorSpec> tensors) {
        this.model = model;
        this.fileType = fileType;
        this.pure = pure;
        boolean tied = true;
        int wv = 0;
        for (TensorSpec t : tensors) {
            Category c = categoryOf(t.name());
            if (c == Category.OUTPUT) {
                tied = false;
            }
            if (c.isAttentionV()) {
                wv++;
            }
        }
        this.tiedEmbeddings = tied;
        this.attentionVCount = wv;
    }

    /**
     * The type of every tensor, in llama.cpp's order.
     *
     * @param model facts of the model; needed by the mixes (may be null for {@code pure} or a float file type)
     * @throws IllegalArgumentException when a mix is asked for a model that is not a llama-architecture model
     */
    public static List<TensorPlan> plan(List<TensorSpec> tensors, ModelFacts model, LlamaFileType fileType,
                                        boolean pure) {
        boolean mix = fileType.isQuantized() && !pure;
        if (mix && (model == null || !model.architecture().equals("llama"))) {
            throw new IllegalArgumentException("the " + fileType + " mix follows llama.cpp's rules for the llama "
                    + "architecture; this model is '" + (model == null ? "unknown" : model.architecture())
                    + "' (use --pure to put every 2-D weight in " + fileType.defaultType() + ")");
        }
        List<TensorSpec> ordered = new ArrayList<>(tensors);
        ordered.sort((a, b) -> TensorOrder.LLAMA_CPP.compare(a.name(), b.name()));
        TensorTypeRules rules = new TensorTypeRules(model, fileType, pure, ordered);
        List<TensorPlan> out = new ArrayList<>(ordered.size());
        for (TensorSpec t : ordered) {
            out.add(rules.decide(t));
        }
        return out;
    }

    /** Whether llama.cpp quantizes this tensor at all ({@code tensor_allows_quantization}, default parameters). */
    public static boolean allowsQuantization(TensorSpec t) {
        if (t.dims() < 2) {
            return false;
        }
        String name = t.name();
        // llama.cpp tests name.rfind("weight") == name.size() - 6; for a 5-byte name both sides are npos.
        boolean quantize = name.endsWith("weight") || name.length() == 5;
        for (String f : NEVER_QUANTIZED_FRAGMENTS) {
            quantize &= !name.contains(f);
        }
        quantize &= !name.equals("position_embd.weight") && !name.equals("token_types.weight");
        return quantize;
    }

    static Category categoryOf(String name) {
        if (name.equals("output.weight")) {
            return Category.OUTPUT;
        }
        if (name.equals("token_embd.weight") || name.equals("per_layer_token_embd.weight")) {
            return Category.TOKEN_EMBD;
        }
        for (var e : CATEGORY_FRAGMENTS) {
            if (name.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return Category.OTHER;
    }

    /** {@code use_more_bits}: the first and last eighth of the layers, and every third layer between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private TensorPlan decide(TensorSpec t) {
        if (!allowsQuantization(t)) {
            return new TensorPlan(t, t.type(), t.type());
        }
        GgmlType type = fileType.defaultType();
        if (!type.isQuantized()) {
            return new TensorPlan(t, type, type);
        }
        if (!pure) {
            type = mix(t, type, categoryOf(t.name()));
        }
        GgmlType wanted = type;
        type = fallback(t, type);
        return new TensorPlan(t, type, wanted);
    }

    /** {@code llama_tensor_get_type_impl} for the llama architecture and Chord's file types. */
    private GgmlType mix(TensorSpec t, GgmlType type, Category c) {
        LlamaFileType ft = fileType;
        if (c == Category.OUTPUT || (tiedEmbeddings && c == Category.TOKEN_EMBD)) {
            if (ft == LlamaFileType.MXFP4_MOE || t.rowLength() % type.blockSize() != 0) {
                return GgmlType.Q8_0;
            }
            return type != GgmlType.Q8_0 ? GgmlType.Q6_K : type;
        }
        if (ft == LlamaFileType.MXFP4_MOE) {
            // expert tensors (3-D) to MXFP4, everything else to Q8_0
            return t.dim(2) > 1 ? GgmlType.MXFP4 : GgmlType.Q8_0;
        }
        if (c == Category.TOKEN_EMBD) {
            return ft == LlamaFileType.TQ2_0 ? GgmlType.Q4_K : type;
        }
        if (c.isAttentionV()) {
            GgmlType v = type;
            if (ft == LlamaFileType.Q2_K) {
                v = model.gqa() >= 4 ? GgmlType.Q4_K : GgmlType.Q3_K;
            } else if (ft == LlamaFileType.Q3_K_M) {
                v = attentionVSeen < 2 ? GgmlType.Q5_K : GgmlType.Q4_K;
            } else if (ft == LlamaFileType.Q3_K_L) {
                v = GgmlType.Q5_K;
            } else if ((ft == LlamaFileType.IQ4_NL || ft == LlamaFileType.IQ4_XS) && model.gqa() >= 4) {
                v = GgmlType.Q5_K;
            } else if ((ft == LlamaFileType.Q4_K_M || ft == LlamaFileType.Q5_K_M)
                    && useMoreBits(attentionVSeen, attentionVCount)) {
                v = GgmlType.Q6_K;
            } else if (ft == LlamaFileType.Q4_K_S && attentionVSeen < 4) {
                v = GgmlType.Q5_K;
            }
            if (model.is70B() && (v == GgmlType.Q3_K || v == GgmlType.Q4_K)) {
                // 8 query heads share each attn_v there, so it is 8x smaller than attn_q: more bits cost little
                v = GgmlType.Q5_K;
            }
            if (model.experts() == 8) {
                v = GgmlType.Q8_0;
            }
            attentionVSeen++;
            return v;
        }
        if (c == Category.ATTENTION_K) {
            return model.experts() == 8 ? GgmlType.Q8_0 : type;
        }
        if (c == Category.FFN_DOWN) {
            int layer = layerFor(t.name(), ffnDownSeen);
            int layers = model.layers();
            GgmlType v = type;
            if (ft == LlamaFileType.Q2_K) {
                v = GgmlType.Q3_K;
            } else if (ft == LlamaFileType.Q3_K_M) {
                // llama.cpp: arch != FALCON || use_more_bits(...) ? Q4_K : Q3_K, always Q4_K for llama
                v = layer < layers / 16 ? GgmlType.Q5_K : GgmlType.Q4_K;
            } else if (ft == LlamaFileType.Q3_K_L) {
                v = GgmlType.Q5_K;
            } else if (ft == LlamaFileType.Q4_K_M) {
                if (useMoreBits(layer, layers)) {
                    v = GgmlType.Q6_K;
                }
            } else if (layer < layers / 8 && (ft == LlamaFileType.IQ4_NL || ft == LlamaFileType.IQ4_XS)) {
                v = GgmlType.Q5_K; // llama.cpp adds "&& !has_imatrix"; Chord never has one
            } else if (ft == LlamaFileType.Q5_K_M && useMoreBits(layer, layers)) {
                v = GgmlType.Q6_K;
            } else if (ft == LlamaFileType.Q4_K_S && layer < layers / 8) {
                v = GgmlType.Q5_K;
            }
            ffnDownSeen++;
            return v;
        }
        if (c == Category.ATTENTION_OUTPUT) {
            if (model.experts() == 8) {
                return switch (ft) {
                    case Q2_K, Q3_K_S, Q3_K_M, IQ4_NL, Q4_K_S, Q4_K_M, IQ4_XS -> GgmlType.Q5_K;
                    default -> type;
                };
            }
            return switch (ft) {
                case Q2_K -> GgmlType.Q3_K;
                case Q3_K_M -> GgmlType.Q4_K;
                case Q3_K_L -> GgmlType.Q5_K;
                default -> type;
            };
        }
        if (c == Category.ATTENTION_QKV) {
            return switch (ft) {
                case Q3_K_M, Q3_K_L -> GgmlType.Q4_K;
                case Q4_K_M -> GgmlType.Q5_K;
                case Q5_K_M -> GgmlType.Q6_K;
                default -> type;
            };
        }
        if (c == Category.FFN_GATE) {
            layerFor(t.name(), ffnGateSeen++); // only the IQ3_XS mix changes ffn_gate; the check still applies
            return type;
        }
        if (c == Category.FFN_UP) {
            layerFor(t.name(), ffnUpSeen++);
            return type;
        }
        return type;
    }

    /**
     * {@code layer_info}: the running counter is the layer, except in expert models, whose expert tensors are
     * not consecutive: there the layer is parsed from the name.
     */
    private int layerFor(String name, int counter) {
        if (Math.max(1, model.experts()) == 1) {
            return counter;
        }
        java.util.OptionalInt scanned = TensorOrder.scanLayer(name);
        if (scanned.isEmpty()) {
            throw new IllegalArgumentException("failed to determine the layer of tensor " + name);
        }
        int layer = scanned.getAsInt();
        if (layer < 0 || layer >= model.layers()) {
            throw new IllegalArgumentException("bad layer " + layer + " for tensor " + name + ": must be in [0, "
                    + model.layers() + ")");
        }
        return layer;
    }

    /** {@code tensor_type_fallback}: a type whose block does not divide the row length is replaced. */
    private static GgmlType fallback(TensorSpec t, GgmlType type) {
        long cols = t.rowLength();
        if (cols % type.blockSize() == 0) {
            return type;
        }
        GgmlType to = switch (type) {
            case IQ4_XS -> GgmlType.IQ4_NL;
            case Q2_K, Q3_K, TQ1_0, TQ2_0 -> GgmlType.Q4_0;
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> {
                if (type.blockSize() > 32) {
                    throw new IllegalArgumentException("no tensor type fallback is defined for type " + type);
                }
                yield type; // already a 32-block type: the check below makes it F16
            }
        };
        if (cols % to.blockSize() != 0) {
            to = GgmlType.F16;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: row length {1} is not a multiple of {2} (the block of {3}): "
                + "falling back to {4}, as llama.cpp does", t.name(), cols, type.blockSize(), type, to);
        return to;
    }
}
