package dev.chord.harness.cli;

import dev.chord.api.ggml.GgmlType;
import dev.chord.gguf.GgufArray;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufValue;
import dev.chord.gguf.GgufWriter;
import dev.chord.harness.inspect.GgufInspection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** The README's main job: runs on an embedded default, no arguments, no downloads. */
@Command(name = "demo", description = "Run Chord's main job on an embedded default (no arguments, no downloads).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "chord-demo", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Path model = out.resolve("demo.gguf");
        writeDemoModel(model);
        try (GgufFile f = GgufFile.open(model)) {
            System.out.print(GgufInspection.toText(f, 8));
        }
        return 0;
    }

    /** A small GGUF written by Chord's own writer: one metadata key of every type and two tensors. */
    static void writeDemoModel(Path path) throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        int dim = 64;
        try (GgufWriter w = GgufWriter.create(path); Arena arena = Arena.ofConfined()) {
            w.put("general.architecture", GgufValue.string("chord-demo"));
            w.put("general.name", GgufValue.string("Chord demo file"));
            w.put("demo.uint8", GgufValue.uint8(200));
            w.put("demo.int8", GgufValue.int8(-100));
            w.put("demo.uint16", GgufValue.uint16(60000));
            w.put("demo.int16", GgufValue.int16(-30000));
            w.put("demo.uint32", GgufValue.uint32(4_000_000_000L));
            w.put("demo.int32", GgufValue.int32(-2_000_000_000));
            w.put("demo.float32", GgufValue.float32(3.25f));
            w.put("demo.bool", GgufValue.bool(true));
            w.put("demo.uint64", GgufValue.uint64(-1L));
            w.put("demo.int64", GgufValue.int64(Long.MIN_VALUE));
            w.put("demo.float64", GgufValue.float64(Math.PI));
            w.put("demo.strings", GgufValue.array(GgufArray.ofStrings("hello", "wörld", "✓")));
            w.put("demo.nested", GgufValue.array(new GgufArray(dev.chord.gguf.GgufValueType.ARRAY,
                    new GgufArray[] {GgufArray.ofInt32(1, 2), GgufArray.ofFloats(0.5f)})));
            w.addTensor("demo.weight", GgmlType.F32, dim, dim);
            w.addTensor("demo.norm", GgmlType.F32, dim);
            MemorySegment m = arena.allocate((long) dim * dim * 4);
            for (long i = 0; i < (long) dim * dim; i++) {
                m.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) rnd.nextGaussian());
            }
            w.writeTensor("demo.weight", m);
            MemorySegment n = arena.allocate((long) dim * 4);
            for (int i = 0; i < dim; i++) {
                n.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 1f);
            }
            w.writeTensor("demo.norm", n);
        }
    }
}
