package dev.chord.cache.storage;

import dev.chord.api.cache.Extent;
import dev.chord.api.cache.ResidentExtents;
import dev.chord.api.cache.WeightSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageTest {

    @TempDir
    Path dir;

    private Path file(int size) throws IOException {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return Files.write(dir.resolve("data.bin"), b);
    }

    @Test
    void adjacentExtentsCoalesceIntoOneRunFarOnesDoNot() {
        // [0,100) and [132,200) are 32 bytes apart (GGUF padding): one run [0,200). [300000, 300010) is
        // 299,800 bytes further, beyond the 64 KiB gap: a second run. Footprint 200 + 10 = 210.
        List<Extent> e = List.of(new Extent(132, 68), new Extent(300_000, 10), new Extent(0, 100));
        List<Coalescer.Run> runs = Coalescer.runs(e);
        assertEquals(2, runs.size());
        assertEquals(0, runs.get(0).offset());
        assertEquals(200, runs.get(0).length());
        assertArrayEquals(new int[] {2, 0}, runs.get(0).members());
        assertEquals(300_000, runs.get(1).offset());
        assertEquals(210, Coalescer.footprint(e));
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "mmap", "throttled:5000,0", "throttled:5000,0,mmap"})
    void loadsReturnTheFilesBytesAndCountCoalescedReads(String spec) throws IOException {
        Path f = file(400_000);
        byte[] all = Files.readAllBytes(f);
        try (WeightSource s = StorageSpec.parse(spec).open(f)) {
            List<Extent> e = List.of(new Extent(1000, 500), new Extent(1532, 100), new Extent(390_000, 9_999));
            assertEquals(632 + 9_999, s.footprint(e));
            try (ResidentExtents r = s.load(e)) {
                for (int i = 0; i < e.size(); i++) {
                    Extent x = e.get(i);
                    byte[] got = r.segment(i).toArray(ValueLayout.JAVA_BYTE);
                    assertArrayEquals(java.util.Arrays.copyOfRange(all, (int) x.offset(), (int) x.end()), got, spec + " extent " + i);
                }
                assertEquals(632 + 9_999, r.footprint());
            }
            assertEquals(1, s.counters().loads());
            assertEquals(2, s.counters().reads());
            assertEquals(632 + 9_999, s.counters().bytesRead());
            assertEquals(spec, s.spec());
        }
    }

    @Test
    void aReleasedReadBufferFailsLoudly() throws IOException {
        Path f = file(1000);
        try (WeightSource s = StorageSpec.parse("read").open(f)) {
            ResidentExtents r = s.load(List.of(new Extent(0, 10)));
            MemorySegment seg = r.segment(0);
            r.close();
            assertThrows(IllegalStateException.class, () -> seg.get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "mmap"})
    void readingPastTheEndNamesTheFile(String spec) throws IOException {
        Path f = file(1000);
        try (WeightSource s = StorageSpec.parse(spec).open(f)) {
            EOFException e = assertThrows(EOFException.class, () -> s.load(List.of(new Extent(900, 200))));
            assertTrue(e.getMessage().contains("data.bin") && e.getMessage().contains("1000 bytes"), e.getMessage());
        }
    }

    @Test
    void badSpecsSayWhatWasExpected() throws IOException {
        Path f = file(10);
        for (String bad : new String[] {"throttled", "throttled:abc,5", "throttled:0,5", "throttled:100,-1", "throttled:100"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse(bad).open(f), bad);
            assertTrue(e.getMessage().contains("expected throttled:MBps,ms[,inner]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("read:fast").open(f));
        RuntimeException unknown = assertThrows(RuntimeException.class, () -> StorageSpec.parse("nvme").open(f));
        assertTrue(unknown.getMessage().contains("read") && unknown.getMessage().contains("throttled"), unknown.getMessage());
    }

    @Test
    void throttledSpecGivesItsDevice() {
        DeviceModel d = StorageSpec.parse("throttled:200,5").device().orElseThrow();
        assertEquals(200e6, d.bytesPerSecond());
        assertEquals(5_000_000, d.latencyNanos());
        assertTrue(StorageSpec.parse("read").device().isEmpty());
    }

    @Test
    void theDeviceQueuesRequestsOneAfterAnother() {
        // 100 MB/s, 1 ms per request: 1,000,000 bytes take 1 ms + 10 ms = 11 ms.
        DeviceModel.Queue q = new DeviceModel.Queue(DeviceModel.ofMBps(100, 1));
        assertEquals(11_000_000, q.submit(0, 1_000_000, 1));
        // A second request at t = 5 ms waits for the first: 11 + 11 = 22 ms.
        assertEquals(22_000_000, q.submit(5_000_000, 1_000_000, 1));
        // One arriving after the device is idle starts at once: 30 + 1 + 0.5 = 31.5 ms.
        assertEquals(31_500_000, q.submit(30_000_000, 50_000, 1));
    }
}
