package dev.chord.harness.tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns token bytes into text as they arrive, holding back the bytes of a character split across tokens
 * (an emoji is often four byte tokens) until the character is complete. Invalid bytes become U+FFFD.
 * Not thread-safe: one per output stream.
 *
 * <pre>{@code
 * Utf8StreamDecoder out = new Utf8StreamDecoder();
 * for (int id : generated) System.out.print(out.accept(tokenizer.tokenBytes(id)));
 * System.out.print(out.finish());
 * }</pre>
 */
public final class Utf8StreamDecoder {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Bytes of an unfinished character (at most 3), in read mode between calls. */
    private ByteBuffer pending = ByteBuffer.allocate(0);

    /** The text completed by these bytes (possibly empty). */
    public String accept(byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + bytes.length);
        in.put(pending).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult r = decoder.decode(in, out, false);
        if (r.isError()) {
            throw new IllegalStateException("UTF-8 decoder reported " + r + " despite REPLACE");
        }
        pending = in.slice();
        return out.flip().toString();
    }

    /** The text of any bytes still held (an unfinished character becomes U+FFFD); the decoder can be reused after. */
    public String finish() {
        CharBuffer out = CharBuffer.allocate(pending.remaining() + 2);
        decoder.decode(pending, out, true);
        decoder.flush(out);
        decoder.reset();
        pending = ByteBuffer.allocate(0);
        return out.flip().toString();
    }

    /** Whether bytes of an unfinished character are being held. */
    public boolean hasPending() {
        return pending.hasRemaining();
    }
}
