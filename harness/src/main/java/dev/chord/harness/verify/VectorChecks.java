package dev.chord.harness.verify;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.quant.QuantFormats;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufFormatException;
import dev.chord.kernels.scalar.conformance.FormatConformance;
import dev.chord.kernels.scalar.conformance.ReferenceVectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks Chord's formats against a directory of llama.cpp reference vectors: every {@code quant-TYPE.gguf}
 * (the layout of the fixtures' {@code quant/} folder, see {@link ReferenceVectors}), so a newer llama.cpp's
 * vectors can be checked the same way. Per file: dequantize, quantize and, where the file has activation
 * vectors, the vec-dot type's activation quantizer ({@link FormatConformance}).
 */
public final class VectorChecks {

    /** The check name of a file that could not be read as reference vectors. */
    public static final String READ = "read";

    private final FormatConformance conformance;

    public VectorChecks(QuantFormats formats) {
        this.conformance = new FormatConformance(formats);
    }

    /** The {@code quant-*.gguf} files in {@code dir}, sorted by name. */
    public static List<Path> vectorFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory (expected llama.cpp reference vectors, quant-TYPE.gguf)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("quant-") && n.endsWith(".gguf") && Files.isRegularFile(p);
            }).sorted().toList();
            if (out.isEmpty()) {
                throw new IllegalArgumentException(dir + " has no quant-TYPE.gguf files (llama.cpp reference vectors)");
            }
            return out;
        }
    }

    /** Every check of every vector file in {@code dir}, in file order. */
    public List<VerifyResult> checkDirectory(Path dir) throws IOException {
        List<VerifyResult> out = new ArrayList<>();
        for (Path f : vectorFiles(dir)) {
            out.addAll(checkFile(f));
        }
        return out;
    }

    /** The checks of one file; a file that cannot be read gives one {@link #READ} line. */
    public List<VerifyResult> checkFile(Path file) throws IOException {
        String named = typeNamed(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            ReferenceVectors v = ReferenceVectors.read(n -> gguf.findTensor(n).map(t -> gguf.tensor(n)), file.toString());
            if (!v.type().ggmlName().equalsIgnoreCase(named)) {
                return List.of(readFailure(named, file + ": tensor 'quantized' is " + v.type() + ", the file name says " + named));
            }
            return conformance.checkAll(v).stream().map(VerifyResult::of).toList();
        } catch (GgufFormatException e) {
            if (GgmlType.byName(named).isEmpty()) {
                return List.of(new VerifyResult(named, READ, "-", "-", VerifyResult.Outcome.UNSUPPORTED,
                        "type '" + named + "' is unknown to Chord (newer than its ggml type table): " + e.getMessage()));
            }
            return List.of(readFailure(named, e.getMessage()));
        } catch (IllegalArgumentException e) {
            return List.of(readFailure(named, e.getMessage()));
        }
    }

    private static VerifyResult readFailure(String subject, String why) {
        return new VerifyResult(subject, READ, "-", "-", VerifyResult.Outcome.FAILED, why);
    }

    /** {@code quant-q4_K.gguf} → {@code q4_K}. */
    static String typeNamed(Path file) {
        String n = file.getFileName().toString();
        return n.substring("quant-".length(), n.length() - ".gguf".length());
    }
}
