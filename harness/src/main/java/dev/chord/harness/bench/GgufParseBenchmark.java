package dev.chord.harness.bench;

import dev.chord.gguf.GgufFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * GGUF header parsing speed: metadata and tensor infos, from a file already mapped (so the figure is the
 * parser's, not the disk's). Default input: the 7.8 MB Llama-3 vocabulary fixture, whose header is almost the
 * whole file (128,256 token strings, 280,147 merges). MB/s = header bytes / time per parse.
 *
 * <p>Run: {@code ./chord bench jmh GgufParse -p file=../shared/fixtures/vocab/ggml-vocab-llama-bpe.gguf}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class GgufParseBenchmark {

    @Param("../shared/fixtures/vocab/ggml-vocab-llama-bpe.gguf")
    public String file;

    private Arena arena;
    private MemorySegment mapped;
    private Path path;

    @Setup(Level.Trial)
    public void map() throws IOException {
        path = Path.of(file);
        arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        }
        try (GgufFile f = GgufFile.parse(path, mapped)) {
            // The answer is checked once: the vocabulary has its tokens.
            if (f.metadata().size() == 0) {
                throw new IllegalStateException(path + " has no metadata");
            }
            System.out.printf("%n%s: header %d bytes (%.2f MB); MB/s = %.2f / (ms per op) * 1000%n", path,
                    f.headerBytes(), f.headerBytes() / 1e6, f.headerBytes() / 1e6);
        }
    }

    @Benchmark
    public GgufFile parseHeader() {
        return GgufFile.parse(path, mapped);
    }

    @TearDown(Level.Trial)
    public void unmap() {
        arena.close();
    }
}
