package dev.chord.gguf;

import dev.chord.api.tensor.TensorView;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An open GGUF file: its header, and its bytes mapped read-only with the FFM API. Tensor data is a slice
 * of the mapping, never copied onto the heap; files and offsets beyond 4 GB work. Closing the file closes
 * the arena and unmaps it, after which tensor segments must not be used.
 *
 * <p>Thread-safe for reading: the mapping lives in a shared arena, so kernel worker threads may read
 * tensor data concurrently.
 */
public final class GgufFile implements AutoCloseable {

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapped;
    private final GgufParser.Header header;
    private final Map<String, GgufTensorInfo> byName;

    private GgufFile(Path path, Arena arena, MemorySegment mapped, GgufParser.Header header) {
        this.path = path;
        this.arena = arena;
        this.mapped = mapped;
        this.header = header;
        Map<String, GgufTensorInfo> m = new LinkedHashMap<>();
        for (GgufTensorInfo t : header.tensors()) {
            m.put(t.name(), t);
        }
        this.byName = m;
    }

    /**
     * Maps and parses {@code path}.
     *
     * @throws GgufFormatException if the file is not a valid GGUF v2/v3 file
     * @throws IOException         if it cannot be opened or mapped
     */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment seg;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            GgufParser.Header h = GgufParser.parse(path, seg);
            return new GgufFile(path, arena, seg, h);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Parses a GGUF image that is already in memory (tests, fuzzing, in-memory models). */
    public static GgufFile parse(Path nameForMessages, MemorySegment bytes) {
        GgufParser.Header h = GgufParser.parse(nameForMessages, bytes);
        return new GgufFile(nameForMessages, null, bytes, h);
    }

    public Path path() {
        return path;
    }

    /** 2 or 3. */
    public int version() {
        return header.version();
    }

    /** Data alignment: {@code general.alignment} or 32. */
    public long alignment() {
        return header.alignment();
    }

    /** Where the header (metadata and tensor infos) ends, before padding. */
    public long headerBytes() {
        return header.headerEnd();
    }

    /** Absolute file offset of the data section; tensor offsets are relative to it. */
    public long dataOffset() {
        return header.dataOffset();
    }

    public long fileSize() {
        return mapped.byteSize();
    }

    public GgufMetadata metadata() {
        return header.metadata();
    }

    /** Tensor infos in file order. */
    public List<GgufTensorInfo> tensors() {
        return header.tensors();
    }

    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The info of {@code name}; a missing tensor is an error naming it and the file. */
    public GgufTensorInfo tensorInfo(String name) {
        GgufTensorInfo t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException(path + ": no tensor named '" + name + "'");
        }
        return t;
    }

    /** Absolute file offset of a tensor's first byte. */
    public long absoluteOffset(GgufTensorInfo t) {
        return header.dataOffset() + t.offset();
    }

    /** The tensor's bytes, a slice of the mapping (zero-copy). */
    public MemorySegment tensorData(GgufTensorInfo t) {
        return mapped.asSlice(absoluteOffset(t), t.byteSize());
    }

    /** The named tensor as a view over the mapping. */
    public TensorView tensor(String name) {
        GgufTensorInfo t = tensorInfo(name);
        return new TensorView(t.name(), t.type(), t.shape(), tensorData(t));
    }

    /** The whole mapped file. */
    public MemorySegment segment() {
        return mapped;
    }

    /** Total parameter count (elements over all tensors). */
    public long parameterCount() {
        long n = 0;
        for (GgufTensorInfo t : header.tensors()) {
            n += t.elementCount();
        }
        return n;
    }

    /** Total bytes of tensor data. */
    public long tensorBytes() {
        long n = 0;
        for (GgufTensorInfo t : header.tensors()) {
            n += t.byteSize();
        }
        return n;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + metadata().size() + " keys, " + tensors().size() + " tensors]";
    }
}
