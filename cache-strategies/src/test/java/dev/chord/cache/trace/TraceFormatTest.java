package dev.chord.cache.trace;

import dev.chord.api.cache.LayerSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceFormatTest {

    @TempDir
    Path dir;

    static Trace sample() {
        // times in whole milliseconds, so oracleGeneral (ms resolution) keeps them exactly
        return new Trace(new long[] {0, 2_000_000, 5_000_000, 9_000_000, 12_000_000},
                new long[] {7, 8, 7, 9, 8}, new long[] {100, 200, 100, 300, 200});
    }

    @ParameterizedTest
    @EnumSource(TraceFormat.class)
    void roundTrips(TraceFormat f) throws IOException {
        Path p = dir.resolve("t." + f.formatName());
        f.write(sample(), p);
        assertEquals(sample(), f.read(p));
        assertEquals(f, TraceFormat.of(p));
        assertEquals(sample(), TraceFormat.load(p));
    }

    @Test
    void oracleGeneralRecordsAreLibCacheSimsLayout() throws IOException {
        // Per request 24 packed little-endian bytes: uint32 clock_time (ms here), uint64 obj_id,
        // uint32 obj_size, int64 next_access_vtime = 1-based index of the next request of the object, or -1.
        // Keys 7 8 7 9 8: next uses are request 3, 5, none, none, none (1-based).
        Path p = dir.resolve("t.oracleGeneral.bin");
        TraceFormat.ORACLE_GENERAL.write(sample(), p);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5 * 24, b.capacity());
        long[] next = {3, 5, -1, -1, -1};
        long[] ms = {0, 2, 5, 9, 12};
        for (int i = 0; i < 5; i++) {
            assertEquals(ms[i], Integer.toUnsignedLong(b.getInt(24 * i)), "clock_time " + i);
            assertEquals(sample().key(i), b.getLong(24 * i + 4), "obj_id " + i);
            assertEquals(sample().size(i), Integer.toUnsignedLong(b.getInt(24 * i + 12)), "obj_size " + i);
            assertEquals(next[i], b.getLong(24 * i + 16), "next_access_vtime " + i);
        }
    }

    @Test
    void csvIsPlainText() throws IOException {
        Path p = dir.resolve("t.csv");
        TraceFormat.CSV.write(sample(), p);
        assertEquals("time_ns,obj_id,obj_size", Files.readAllLines(p).getFirst());
        assertEquals("2000000,8,200", Files.readAllLines(p).get(2));
        // libCacheSim-style extra column and comments are accepted.
        Path q = Files.writeString(dir.resolve("u.txt"), "# comment\n0,1,10,2\n5,1,10,-1\n");
        Trace t = TraceFormat.load(q);
        assertEquals(2, t.length());
        assertEquals(1, t.key(1));
    }

    @Test
    void brokenFilesAreNamedWithWhereAndWhat() throws IOException {
        Path p = Files.write(dir.resolve("bad.oracleGeneral"), new byte[25]);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceFormat.load(p));
        assertTrue(e.getMessage().contains("bad.oracleGeneral") && e.getMessage().contains("24-byte"), e.getMessage());
        Path q = Files.writeString(dir.resolve("bad.csv"), "time_ns,obj_id,obj_size\n1,2\n");
        e = assertThrows(TraceFormatException.class, () -> TraceFormat.load(q));
        assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
        Path r = Files.writeString(dir.resolve("bad2.csv"), "1,x,3\n");
        e = assertThrows(TraceFormatException.class, () -> TraceFormat.load(r));
        assertTrue(e.getMessage().contains("bad2.csv:1"), e.getMessage());
    }

    @Test
    void aRepeatedOrderIsRecognisedOthersAreNot() {
        long[] sizes = new long[10];
        assertEquals(Optional.of(LayerSchedule.of(2, 0, 1)),
                new Trace(new long[7], new long[] {2, 0, 1, 2, 0, 1, 2}, new long[7]).repeatedOrder());
        assertTrue(new Trace(new long[10], new long[] {0, 1, 2, 0, 2, 1, 0, 1, 2, 0}, sizes).repeatedOrder().isEmpty());
        assertEquals(3, new Trace(new long[7], new long[] {2, 0, 1, 2, 0, 1, 2}, new long[7]).tokens());
    }

    @Test
    void nextUseIndexAnswersForAnyTime() {
        NextUseIndex n = new NextUseIndex(sample()); // keys 7 8 7 9 8
        assertEquals(2, n.after(7, 0));
        assertEquals(dev.chord.api.cache.NextUse.NEVER, n.after(7, 2));
        assertEquals(4, n.after(8, 1));
        assertEquals(0, n.after(7, -1));
        assertEquals(dev.chord.api.cache.NextUse.NEVER, n.after(42, 0));
    }
}
