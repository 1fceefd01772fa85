package dev.chord.harness.quantize;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads byte ranges of a file into one reused off-heap buffer with positional reads, not through a memory
 * mapping: the pages read stay in the page cache, not in the process's resident set, so a model larger than
 * memory can be read through a bounded buffer.
 */
final class TensorBytes implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private Arena arena = Arena.ofShared();
    private MemorySegment buffer = MemorySegment.NULL;

    TensorBytes(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Reads {@code length} bytes at absolute file offset {@code offset}; valid until the next read. */
    MemorySegment read(long offset, long length) throws IOException {
        if (buffer.byteSize() < length) {
            arena.close();
            arena = Arena.ofShared();
            buffer = arena.allocate(length, 64);
        }
        MemorySegment dst = buffer.asSlice(0, length);
        long done = 0;
        while (done < length) {
            ByteBuffer bb = dst.asSlice(done, Math.min(length - done, 1 << 30)).asByteBuffer();
            while (bb.hasRemaining()) {
                int n = channel.read(bb, offset + done + bb.position());
                if (n < 0) {
                    throw new EOFException(path + ": ends before offset " + (offset + length) + " (truncated file?)");
                }
            }
            done += bb.capacity();
        }
        return dst;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            arena.close();
        }
    }
}
