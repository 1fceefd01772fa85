package dev.chord.harness.cli;

import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.TensorView;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;
import dev.chord.harness.inspect.TensorValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Decodes one tensor of a GGUF file: statistics, or raw F32 with {@code --out}. */
@Command(name = "tensor", description = {
        "Decode one tensor of a GGUF file (any type Chord has a format for).",
        "Prints shape, type, min, max, mean, rms and NaN/Inf counts, or with --out writes raw little-endian F32."})
final class TensorCommand implements Callable<Integer> {

    private static final int SUGGESTIONS = 8;

    @Parameters(index = "0", paramLabel = "FILE", description = "GGUF file")
    Path file;

    @Parameters(index = "1", paramLabel = "NAME", description = "tensor name, e.g. blk.0.attn_q.weight")
    String name;

    @Option(names = "--out", paramLabel = "F.f32", description = "Write the values as raw little-endian F32 to this file.")
    Path out;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        try (GgufFile f = GgufFile.open(file)) {
            if (f.findTensor(name).isEmpty()) {
                throw new IllegalArgumentException(file + " has no tensor '" + name + "'; it has " + f.tensors().size()
                        + " tensors, e.g. " + String.join(", ", suggestions(f.tensors(), name)));
            }
            TensorView t = f.tensor(name);
            QuantFormat format = QuantFormats.defaults().forType(t.type());
            if (out != null) {
                long bytes = TensorValues.writeF32(t, format, out);
                System.out.printf(Locale.ROOT, "wrote %d values of %s (%s %s) as F32 to %s (%d bytes)%n",
                        t.elementCount(), name, t.type(), Arrays.toString(t.shape()), out, bytes);
            } else {
                TensorValues.Stats s = TensorValues.stats(t, format);
                System.out.printf(Locale.ROOT, "tensor  %s%ntype    %s%nshape   %s (%d values)%n", name, t.type(),
                        Arrays.toString(t.shape()), s.count());
                System.out.printf(Locale.ROOT, "min     %.9g%nmax     %.9g%nmean    %.9g%nrms     %.9g%n",
                        s.min(), s.max(), s.mean(), s.rms());
                System.out.printf(Locale.ROOT, "nan     %d%ninf     %d%n", s.nanCount(), s.infCount());
            }
        }
        return 0;
    }

    /** Names most like {@code wanted}: those containing it first, then by shared prefix, then file order. */
    static List<String> suggestions(List<GgufTensorInfo> tensors, String wanted) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return tensors.stream().map(GgufTensorInfo::name)
                .sorted(Comparator.comparingInt((String n) -> n.toLowerCase(Locale.ROOT).contains(w) ? 0 : 1)
                        .thenComparingInt(n -> -sharedPrefix(n.toLowerCase(Locale.ROOT), w)))
                .limit(SUGGESTIONS).toList();
    }

    private static int sharedPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
