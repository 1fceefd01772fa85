package dev.chord.cache.storage;

import dev.chord.api.cache.Extent;
import dev.chord.api.cache.ResidentExtents;
import dev.chord.api.cache.StorageCounters;
import dev.chord.api.cache.WeightSource;
import dev.chord.api.cache.WeightStorage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The file mapped read-only; a load touches the pages of its runs ({@link MemorySegment#load()}), a release
 * advises the kernel they are not needed ({@link MemorySegment#unload()}). The OS page cache decides what
 * really stays in memory: this storage bounds what Chord touches, not what the kernel keeps.
 */
public final class MmapStorage implements WeightStorage {

    @Override
    public String name() {
        return "mmap";
    }

    @Override
    public String description() {
        return "memory-mapped file; the OS page cache decides what stays resident";
    }

    @Override
    public WeightSource open(Path file, String args) throws IOException {
        StorageSpec.requireNoArgs(name(), args);
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Source(file, arena, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static final class Source implements WeightSource {
        private final Path file;
        private final Arena arena;
        private final MemorySegment mapped;
        private final IoCounters io = new IoCounters();

        Source(Path file, Arena arena, MemorySegment mapped) {
            this.file = file;
            this.arena = arena;
            this.mapped = mapped;
        }

        @Override
        public long footprint(List<Extent> extents) {
            return Coalescer.footprint(extents);
        }

        @Override
        public ResidentExtents load(List<Extent> extents) throws IOException {
            List<Coalescer.Run> runs = Coalescer.runs(extents);
            MemorySegment[] segments = new MemorySegment[extents.size()];
            MemorySegment[] touched = new MemorySegment[runs.size()];
            long footprint = 0;
            for (int r = 0; r < runs.size(); r++) {
                Coalescer.Run run = runs.get(r);
                run.requireWithin(file, mapped.byteSize());
                MemorySegment span = mapped.asSlice(run.offset(), run.length());
                if (run.length() > 0) {
                    span.load();
                }
                touched[r] = span;
                footprint += run.length();
                io.read(run.length());
                run.sliceMembers(span, extents, segments);
            }
            io.load();
            long fp = footprint;
            return new ResidentExtents() {
                @Override
                public MemorySegment segment(int i) {
                    return segments[i];
                }

                @Override
                public long footprint() {
                    return fp;
                }

                @Override
                public void close() {
                    for (MemorySegment s : touched) {
                        if (s.byteSize() > 0) {
                            s.unload();
                        }
                    }
                }
            };
        }

        @Override
        public StorageCounters counters() {
            return io.snapshot();
        }

        @Override
        public String spec() {
            return "mmap";
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
