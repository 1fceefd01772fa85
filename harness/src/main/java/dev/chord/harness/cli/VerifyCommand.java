package dev.chord.harness.cli;

import dev.chord.api.quant.QuantFormats;
import dev.chord.harness.util.Json;
import dev.chord.harness.verify.VectorChecks;
import dev.chord.harness.verify.VerifyReport;
import dev.chord.harness.verify.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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
        "--vectors DIR: every quant-TYPE.gguf in DIR (the fixtures' quant/ folder, or vectors made by a newer",
        "llama.cpp): dequantize bit for bit, quantize byte for byte, activation quantizer byte for byte."})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--vectors", paramLabel = "DIR", description = "Directory of llama.cpp reference vectors (quant-TYPE.gguf).")
    Path vectors;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (vectors == null) {
            throw new IllegalArgumentException("nothing to verify: pass --vectors DIR (a directory of quant-TYPE.gguf "
                    + "reference vectors, e.g. ../shared/fixtures/quant)");
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        List<VerifyResult> results = new ArrayList<>();
        inputs.put("vectors", vectors.toString());
        results.addAll(new VectorChecks(QuantFormats.defaults()).checkDirectory(vectors));
        if (json) {
            System.out.println(Json.pretty(VerifyReport.json(inputs, results)));
        } else {
            System.out.print(VerifyReport.text(results));
        }
        return VerifyReport.anyFailed(results) ? 1 : 0;
    }
}
