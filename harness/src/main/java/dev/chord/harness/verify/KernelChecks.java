package dev.chord.harness.verify;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.plugin.PluginRegistry;
import dev.chord.api.quant.QuantFormats;
import dev.chord.kernels.scalar.verify.KernelCheck;
import dev.chord.kernels.scalar.verify.KernelVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The kernel half of {@code chord verify}: every available kernel x every format it supports x the
 * verifier's shapes against the F64 reference; integer-activation kernels against llama.cpp's
 * {@code ggml_matvec} on the fixture files; every {@code vector.*} kernel against its {@code scalar.*} twin.
 */
public final class KernelChecks {

    private final PluginRegistry<MatmulKernel> kernels;
    private final KernelVerifier verifier;

    public KernelChecks(PluginRegistry<MatmulKernel> kernels, QuantFormats formats, long seed) {
        this.kernels = kernels;
        this.verifier = new KernelVerifier(formats, seed);
    }

    /**
     * @param kernelFilter which kernels (by name) to check
     * @param formatFilter which formats
     * @param fixtures     directory of quant-TYPE.gguf files, if any
     */
    public List<VerifyResult> run(Predicate<String> kernelFilter, Predicate<GgmlType> formatFilter, int threads,
                                  Optional<Path> fixtures, Consumer<String> progress) throws IOException {
        List<VerifyResult> out = new ArrayList<>();
        for (var entry : kernels.entries()) {
            if (!kernelFilter.test(entry.name())) {
                continue;
            }
            if (!entry.available()) {
                out.add(new VerifyResult(entry.name(), "available", "no", "yes", VerifyResult.Outcome.UNSUPPORTED,
                        entry.unavailableReason()));
                continue;
            }
            MatmulKernel k = entry.plugin();
            try (ChordExecutor ex = ChordExecutor.create(threads)) {
                Matmul bound = k.bind(ex);
                for (GgmlType type : k.formats().stream().sorted().toList()) {
                    if (!formatFilter.test(type)) {
                        continue;
                    }
                    progress.accept(k.name() + " " + type.ggmlName());
                    for (KernelCheck c : verifier.verifyRandom(k, bound, type)) {
                        out.add(of(c));
                    }
                    if (k.activationMode() == ActivationMode.QUANTIZED && fixtures.isPresent()) {
                        Path f = fixtures.get().resolve("quant-" + type.ggmlName() + ".gguf");
                        if (Files.exists(f)) {
                            out.add(of(verifier.verifyFixture(k, bound, f)));
                        }
                    }
                    twin(k).ifPresent(t -> {
                        if (t.supports(type)) {
                            Matmul tb = t.bind(ex);
                            for (KernelVerifier.Shape s : KernelVerifier.shapesFor(type)) {
                                out.add(of(verifier.compare(k, bound, t, tb, type, s)));
                            }
                        }
                    });
                }
            }
        }
        return out;
    }

    /** {@code vector.int8}'s twin is {@code scalar.int8}: same variant, scalar family. */
    private Optional<MatmulKernel> twin(MatmulKernel k) {
        if (!k.name().startsWith("vector.")) {
            return Optional.empty();
        }
        return kernels.find("scalar." + k.name().substring("vector.".length())).filter(MatmulKernel::isAvailable);
    }

    private static VerifyResult of(KernelCheck c) {
        return new VerifyResult(c.kernel() + " " + c.format(), c.check() + " " + c.shape(),
                String.format(Locale.ROOT, "%.3e", c.measured()), String.format(Locale.ROOT, "<= %.1e", c.bound()),
                c.ok() ? VerifyResult.Outcome.OK : VerifyResult.Outcome.FAILED, c.note());
    }
}
