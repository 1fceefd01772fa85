package dev.chord.api.cache;

/** A byte range of a file: {@code length} bytes at absolute {@code offset}. */
public record Extent(long offset, long length) {

    public Extent {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("extent at " + offset + " of " + length + " bytes is negative");
        }
    }

    public long end() {
        return offset + length;
    }
}
