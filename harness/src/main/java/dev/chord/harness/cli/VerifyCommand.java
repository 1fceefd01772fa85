package dev.chord.harness.cli;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.quant.QuantFormats;
import dev.chord.harness.verify.KernelChecks;
import dev.chord.harness.util.Json;
import dev.chord.harness.verify.VectorChecks;
import dev.chord.harness.verify.VerifyReport;
import dev.chord.harness.verify.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Checks Chord against llama.cpp's outputs. Each source of checks is one option and adds lines to the same
 * report; the exit status is 1 if any line failed.
 */
@Command(name = "verify", description = {
        "Check Chord against llama.cpp's outputs; exit status 1 if any check fails.",
        "Without options: every available kernel x every format it supports x test shapes against an F64",
        "reference (NMSE), integer kernels against llama.cpp's ggml_matvec on the fixtures, vector kernels",
        "against their scalar twins.",
        "--vectors DIR: every quant-TYPE.gguf in DIR (the fixtures' quant/ folder, or vectors made by a newer",
        "llama.cpp): dequantize bit for bit, quantize byte for byte, activation quantizer byte for byte."})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--vectors", paramLabel = "DIR", description = "Directory of llama.cpp reference vectors (quant-TYPE.gguf).")
    Path vectors;

    @Option(names = "--kernels", description = "Check the kernels (the default when --vectors is not given).")
    boolean kernels;

    @Option(names = "--kernel", split = ",", description = "Only these kernels.")
    List<String> kernelNames = new ArrayList<>();

    @Option(names = "--format", split = ",", description = "Only these formats.")
    List<String> formatNames = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "2", description = "Threads for the kernel checks (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "20261126", description = "Seed of the random weights and activations.")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    /** ../shared/fixtures/quant from the working directory or the repository holding the jar. */
    static Optional<Path> defaultFixtures() {
        List<Path> bases = new ArrayList<>();
        bases.add(Path.of("").toAbsolutePath());
        try {
            bases.add(Path.of(VerifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no jar location: the working directory alone
        }
        for (Path b : bases) {
            for (Path d = b; d != null; d = d.getParent()) {
                Path c = d.resolve("../shared/fixtures/quant").normalize();
                if (Files.isDirectory(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> inputs = new LinkedHashMap<>();
        List<VerifyResult> results = new ArrayList<>();
        if (vectors != null) {
            inputs.put("vectors", vectors.toString());
            results.addAll(new VectorChecks(QuantFormats.defaults()).checkDirectory(vectors));
        }
        if (kernels || vectors == null) {
            Optional<Path> fixtures = Optional.ofNullable(vectors).or(VerifyCommand::defaultFixtures);
            inputs.put("kernels", kernelNames.isEmpty() ? "all available" : kernelNames);
            inputs.put("fixtures", fixtures.map(Path::toString).orElse("not found: ggml_matvec checks skipped"));
            inputs.put("threads", threads);
            inputs.put("seed", seed);
            Set<GgmlType> fmts = new HashSet<>();
            formatNames.forEach(f -> fmts.add(GgmlType.parse(f)));
            kernelNames.forEach(k -> MatmulKernels.registry().require(k));
            results.addAll(new KernelChecks(MatmulKernels.registry(), QuantFormats.defaults(), seed).run(
                    k -> kernelNames.isEmpty() || kernelNames.stream().anyMatch(k::equalsIgnoreCase),
                    t -> fmts.isEmpty() || fmts.contains(t), threads, fixtures,
                    p -> { if (!json) { System.err.println("checking " + p); } }));
        }
        if (json) {
            System.out.println(Json.pretty(VerifyReport.json(inputs, results)));
        } else {
            System.out.print(VerifyReport.text(results));
        }
        return VerifyReport.anyFailed(results) ? 1 : 0;
    }
}
