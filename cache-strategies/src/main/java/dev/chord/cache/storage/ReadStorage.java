package dev.chord.cache.storage;

import dev.chord.api.cache.Extent;
import dev.chord.api.cache.ResidentExtents;
import dev.chord.api.cache.StorageCounters;
import dev.chord.api.cache.WeightSource;
import dev.chord.api.cache.WeightStorage;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Explicit positional reads into off-heap buffers Chord owns: each load allocates its runs in a fresh shared
 * arena and fills them with {@link FileChannel#read(ByteBuffer, long)}; releasing closes the arena, so the
 * memory is returned at once and a stale view fails loudly. This is the on-demand loading a memory budget
 * needs: resident bytes are exactly what the cache holds (the page cache may still keep a copy of the file).
 */
public final class ReadStorage implements WeightStorage {

    @Override
    public String name() {
        return "read";
    }

    @Override
    public String description() {
        return "positional reads into off-heap buffers the cache owns (adjacent tensors coalesced)";
    }

    @Override
    public WeightSource open(Path file, String args) throws IOException {
        StorageSpec.requireNoArgs(name(), args);
        return new Source(file, FileChannel.open(file, StandardOpenOption.READ));
    }

    static final class Source implements WeightSource {
        private static final int CHUNK = 1 << 30;
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private final IoCounters io = new IoCounters();

        Source(Path file, FileChannel channel) throws IOException {
            this.file = file;
            this.channel = channel;
            this.size = channel.size();
        }

        @Override
        public long footprint(List<Extent> extents) {
            return Coalescer.footprint(extents);
        }

        @Override
        public ResidentExtents load(List<Extent> extents) throws IOException {
            List<Coalescer.Run> runs = Coalescer.runs(extents);
            MemorySegment[] segments = new MemorySegment[extents.size()];
            Arena arena = Arena.ofShared();
            long footprint = 0;
            try {
                for (Coalescer.Run run : runs) {
                    run.requireWithin(file, size);
                    MemorySegment buf = arena.allocate(Math.max(1, run.length()), 64).asSlice(0, run.length());
                    readFully(buf, run.offset());
                    footprint += run.length();
                    run.sliceMembers(buf, extents, segments);
                }
            } catch (IOException | RuntimeException | Error e) {
                arena.close();
                throw e;
            }
            io.load();
            return new Resident(arena, segments, footprint);
        }

        private void readFully(MemorySegment buf, long fileOffset) throws IOException {
            long done = 0;
            long n = buf.byteSize();
            while (done < n) {
                int step = (int) Math.min(CHUNK, n - done);
                ByteBuffer bb = buf.asSlice(done, step).asByteBuffer();
                while (bb.hasRemaining()) {
                    int r = channel.read(bb, fileOffset + done + bb.position());
                    if (r < 0) {
                        throw new EOFException(file + ": end of file at offset " + (fileOffset + done + bb.position())
                                + " while reading " + n + " bytes from " + fileOffset);
                    }
                }
                done += step;
            }
            io.read(n);
        }

        @Override
        public StorageCounters counters() {
            return io.snapshot();
        }

        @Override
        public String spec() {
            return "read";
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                System.getLogger(ReadStorage.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + file + " failed: " + e.getMessage());
            }
        }
    }

    private record Resident(Arena arena, MemorySegment[] segments, long footprint) implements ResidentExtents {
        @Override
        public MemorySegment segment(int i) {
            return segments[i];
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
