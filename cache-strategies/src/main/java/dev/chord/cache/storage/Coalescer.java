package dev.chord.cache.storage;

import dev.chord.api.cache.Extent;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Groups extents into runs read with one request each: extents sorted by offset join a run while the gap to
 * the run's end is at most {@link #MAX_GAP} bytes (GGUF pads tensors to 32 bytes, so one block's tensors
 * usually form a single run). The gap bytes are read and kept with the run.
 */
public final class Coalescer {
    /** Largest gap bridged between adjacent extents: a 64 KiB read costs less than a second request. */
    public static final long MAX_GAP = 64 * 1024;

    private Coalescer() {
    }

    /**
     * A contiguous byte range covering some extents.
     *
     * @param members indices (into the request) of the extents in this run
     */
    public record Run(long offset, long length, int[] members) {

        /** Fails with the file's name if this run reaches past its end. */
        public void requireWithin(Path file, long fileSize) throws EOFException {
            if (offset + length > fileSize) {
                throw new EOFException(file + ": bytes " + offset + ".." + (offset + length)
                        + " lie beyond the end of the file (" + fileSize + " bytes)");
            }
        }

        /** Puts each member extent's slice of {@code runBytes} (this run's bytes) at its request index. */
        public void sliceMembers(MemorySegment runBytes, List<Extent> extents, MemorySegment[] out) {
            for (int m : members) {
                Extent e = extents.get(m);
                out[m] = runBytes.asSlice(e.offset() - offset, e.length());
            }
        }
    }

    public static List<Run> runs(List<Extent> extents) {
        Integer[] order = new Integer[extents.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> extents.get(i).offset()));
        List<Run> runs = new ArrayList<>();
        int i = 0;
        while (i < order.length) {
            long start = extents.get(order[i]).offset();
            long end = extents.get(order[i]).end();
            int j = i + 1;
            while (j < order.length && extents.get(order[j]).offset() - end <= MAX_GAP) {
                end = Math.max(end, extents.get(order[j]).end());
                j++;
            }
            int[] members = new int[j - i];
            for (int m = i; m < j; m++) {
                members[m - i] = order[m];
            }
            runs.add(new Run(start, end - start, members));
            i = j;
        }
        return runs;
    }

    /** Bytes the runs of {@code extents} cover. */
    public static long footprint(List<Extent> extents) {
        long sum = 0;
        for (Run r : runs(extents)) {
            sum += r.length();
        }
        return sum;
    }
}
