package dev.chord.cache.trace;

import java.io.IOException;

/** A trace file that is not what its format says; the message names the file and where. */
public final class TraceFormatException extends IOException {
    public TraceFormatException(String message) {
        super(message);
    }
}
