package dev.chord.gguf;

import dev.chord.api.ggml.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A GGUF larger than 4 GB whose last tensor starts past 4 GB, written by Chord's writer as a sparse file
 * (the 4.5 GiB tensor in front is a hole), read back through the mapping at its far end.
 */
class LargeFileTest {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void tensorPastFourGigabytesReadsBack(@TempDir Path dir) throws IOException {
        long[] bigShape = {1L << 16, 36_864}; // F16: 2.4 G values, 4.5 GiB
        long bigBytes = GgmlType.F16.bytesFor(bigShape[0] * bigShape[1]);
        assertTrue(bigBytes > (1L << 32));
        int tail = 1024;
        Path file = dir.resolve("big.gguf");
        try (GgufWriter w = GgufWriter.create(file); Arena arena = Arena.ofConfined()) {
            w.put("general.architecture", GgufValue.string("sparse-test"));
            w.addTensor("big", GgmlType.F16, bigShape);
            w.addTensor("tail", GgmlType.F32, tail);
            try (GgufWriter.TensorSink s = w.beginTensor("big")) {
                s.writeZeros(bigBytes);
            }
            MemorySegment vals = arena.allocate(tail * 4L);
            for (int i = 0; i < tail; i++) {
                vals.setAtIndex(F32, i, i * 0.5f - 7f);
            }
            w.writeTensor("tail", vals);
        }
        assertTrue(Files.size(file) > (1L << 32) + 4096);
        try (GgufFile f = GgufFile.open(file)) {
            GgufTensorInfo t = f.tensorInfo("tail");
            assertTrue(f.absoluteOffset(t) > (1L << 32), "tail starts at " + f.absoluteOffset(t));
            MemorySegment seg = f.tensorData(t);
            for (int i = 0; i < tail; i++) {
                assertEquals(i * 0.5f - 7f, seg.getAtIndex(F32, i));
            }
            MemorySegment b = f.tensorData(f.tensorInfo("big"));
            assertEquals(bigBytes, b.byteSize());
            assertEquals(0, b.get(ValueLayout.JAVA_BYTE, bigBytes - 1)); // the hole reads as zeros
        }
    }
}
