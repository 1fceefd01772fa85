package dev.chord.cache.trace;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/** The trace file formats Chord reads and writes; each constant reads and writes its own. */
public enum TraceFormat {

    /**
     * libCacheSim's {@code oracleGeneral} binary format, so academic simulators can replay Chord's traces:
     * packed little-endian 24-byte records {@code uint32 clock_time, uint64 obj_id, uint32 obj_size,
     * int64 next_access_vtime}, where next_access_vtime is the 1-based index of the next request of the same
     * object, -1 if none (layout: libCacheSim traceReader/customizedReader/oracle/oracleGeneralBin.h; the
     * numbering: bin/traceUtils/traceConvOracleGeneral.cpp, "reference count starts with 1").
     * Chord writes clock_time in milliseconds from the start of the run (libCacheSim's own traces use
     * seconds, which would make a decode trace one instant); reading converts them back to nanoseconds.
     */
    ORACLE_GENERAL("oracleGeneral", ".oraclegeneral", ".oraclegeneral.bin", ".bin") {
        private static final int RECORD = 24;

        @Override
        public void write(Trace trace, Path file) throws IOException {
            int[] next = trace.nextAccess();
            ByteBuffer buf = ByteBuffer.allocate(RECORD * 4096).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int i = 0; i < trace.length(); i++) {
                    long ms = trace.time(i) / 1_000_000L;
                    if (ms < 0 || ms > 0xFFFF_FFFFL) {
                        throw new IllegalArgumentException(file + ": request " + i + " at " + trace.time(i)
                                + " ns does not fit oracleGeneral's uint32 clock_time in milliseconds");
                    }
                    if (trace.size(i) > 0xFFFF_FFFFL) {
                        throw new IllegalArgumentException(file + ": request " + i + " of " + trace.size(i)
                                + " bytes does not fit oracleGeneral's uint32 obj_size");
                    }
                    buf.putInt((int) ms);
                    buf.putLong(trace.key(i));
                    buf.putInt((int) trace.size(i));
                    buf.putLong(next[i] < 0 ? -1 : next[i] + 1L);
                    if (!buf.hasRemaining()) {
                        drain(buf, ch);
                    }
                }
                drain(buf, ch);
            }
        }

        private static void drain(ByteBuffer buf, FileChannel ch) throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }

        @Override
        public Trace read(Path file) throws IOException {
            long size = Files.size(file);
            if (size % RECORD != 0) {
                throw new TraceFormatException(file + ": " + size + " bytes is not a whole number of "
                        + RECORD + "-byte oracleGeneral records");
            }
            if (size / RECORD > MAX_REQUESTS) {
                throw new TraceFormatException(file + ": " + size / RECORD + " requests, more than the "
                        + MAX_REQUESTS + " Chord replays");
            }
            int n = (int) (size / RECORD);
            long[] t = new long[n];
            long[] k = new long[n];
            long[] s = new long[n];
            ByteBuffer buf = ByteBuffer.allocate(RECORD * 4096).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                int i = 0;
                while (i < n) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), (long) (n - i) * RECORD));
                    while (buf.hasRemaining()) {
                        if (ch.read(buf) < 0) {
                            throw new TraceFormatException(file + ": ends at record " + i + " of " + n);
                        }
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        t[i] = Integer.toUnsignedLong(buf.getInt()) * 1_000_000L;
                        k[i] = buf.getLong();
                        s[i] = Integer.toUnsignedLong(buf.getInt());
                        buf.getLong(); // next_access_vtime: recomputed from the keys
                        i++;
                    }
                }
            }
            return new Trace(t, k, s);
        }
    },

    /**
     * Plain text: a header line {@code time_ns,obj_id,obj_size}, then one request per line. Extra columns
     * (such as libCacheSim's next_access_vtime) are ignored; lines starting with {@code #} are comments.
     */
    CSV("csv", ".csv", ".txt") {
        private static final String HEADER = "time_ns,obj_id,obj_size";

        @Override
        public void write(Trace trace, Path file) throws IOException {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.newLine();
                for (int i = 0; i < trace.length(); i++) {
                    w.write(trace.time(i) + "," + trace.key(i) + "," + trace.size(i));
                    w.newLine();
                }
            }
        }

        @Override
        public Trace read(Path file) throws IOException {
            long[] t = new long[1024];
            long[] k = new long[1024];
            long[] s = new long[1024];
            int n = 0;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int lineNo = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    if (lineNo == 1 && !Character.isDigit(trimmed.charAt(0)) && trimmed.charAt(0) != '-') {
                        continue; // header
                    }
                    String[] f = trimmed.split(",");
                    if (f.length < 3) {
                        throw new TraceFormatException(file + ":" + lineNo + ": expected " + HEADER + ", got '" + trimmed + "'");
                    }
                    if (n == MAX_REQUESTS) {
                        throw new TraceFormatException(file + ":" + lineNo + ": more than " + MAX_REQUESTS + " requests");
                    }
                    if (n == k.length) {
                        int cap = (int) Math.min(MAX_REQUESTS, 2L * n);
                        t = Arrays.copyOf(t, cap);
                        k = Arrays.copyOf(k, cap);
                        s = Arrays.copyOf(s, cap);
                    }
                    try {
                        t[n] = Long.parseLong(f[0].strip());
                        k[n] = Long.parseLong(f[1].strip());
                        s[n] = Long.parseLong(f[2].strip());
                    } catch (NumberFormatException e) {
                        throw new TraceFormatException(file + ":" + lineNo + ": expected integers " + HEADER + ", got '" + trimmed + "'");
                    }
                    if (s[n] < 0 || t[n] < 0) {
                        throw new TraceFormatException(file + ":" + lineNo + ": negative time or size in '" + trimmed + "'");
                    }
                    n++;
                }
            }
            return new Trace(Arrays.copyOf(t, n), Arrays.copyOf(k, n), Arrays.copyOf(s, n));
        }
    };

    /** Most requests a replayed trace may have (arrays are indexed by int). */
    public static final int MAX_REQUESTS = Integer.MAX_VALUE - 16;

    private final String formatName;
    private final String[] extensions;

    TraceFormat(String formatName, String... extensions) {
        this.formatName = formatName;
        this.extensions = extensions;
    }

    public String formatName() {
        return formatName;
    }

    public abstract void write(Trace trace, Path file) throws IOException;

    public abstract Trace read(Path file) throws IOException;

    /** The format named {@code name} (case-insensitive): {@code oracleGeneral} or {@code csv}. */
    public static TraceFormat named(String name) {
        for (TraceFormat f : values()) {
            if (f.formatName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no trace format '" + name + "'; known: oracleGeneral, csv");
    }

    /** The format of {@code file} by its extension, else by its first bytes (text is CSV). */
    public static TraceFormat of(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (TraceFormat f : values()) {
            for (String ext : f.extensions) {
                if (name.endsWith(ext)) {
                    return f;
                }
            }
        }
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xFF;
            if (b != '\n' && b != '\r' && b != '\t' && (b < 0x20 || b > 0x7E)) {
                return ORACLE_GENERAL;
            }
        }
        return CSV;
    }

    /** Reads {@code file} in the format {@link #of} detects. */
    public static Trace load(Path file) throws IOException {
        return of(file).read(file);
    }
}
