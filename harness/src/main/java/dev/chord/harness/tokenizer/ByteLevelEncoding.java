package dev.chord.harness.tokenizer;

/**
 * GPT-2's byte-level alphabet: every byte value gets a printable code point so that byte-level BPE vocabularies
 * can be written as text. Bytes {@code !}..{@code ~}, {@code ¡}..{@code ¬} and {@code ®}..{@code ÿ} stand for
 * themselves; the other 68 bytes, in increasing order, get U+0100, U+0101, ... (so a space is {@code Ġ}, U+0120).
 * Source: GPT-2's {@code bytes_to_unicode}, as llama.cpp's unicode.cpp {@code unicode_byte_to_utf8_map} builds it.
 */
final class ByteLevelEncoding {
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Inverse map indexed by code point (all of them are below U+0144); -1 where no byte maps. */
    private static final short[] CHAR_TO_BYTE = new short[0x144];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int next = 0x100;
        for (int b = 0; b < 256; b++) {
            boolean self = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = self ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevelEncoding() {
    }

    /** The byte-level spelling of a string's UTF-8 bytes. */
    static String encode(String text) {
        byte[] utf8 = Codepoints.utf8(text);
        char[] out = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            out[i] = BYTE_TO_CHAR[utf8[i] & 0xff];
        }
        return new String(out);
    }

    /** The byte a byte-level character stands for, or -1 if the character is not in the alphabet. */
    static int byteOf(int codePoint) {
        return codePoint >= 0 && codePoint < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[codePoint] : -1;
    }

    /**
     * The bytes a byte-level token text stands for. A character outside the alphabet is written as
     * {@code [UNK_BYTE_0x..<text>]}, as llama.cpp's {@code llama_decode_text} does, so it shows instead of vanishing.
     */
    static byte[] decode(String tokenText) {
        byte[] fast = new byte[tokenText.length()];
        for (int i = 0; i < fast.length; i++) {
            int b = byteOf(tokenText.charAt(i));
            if (b < 0) {
                return decodeWithUnknown(tokenText);
            }
            fast[i] = (byte) b;
        }
        return fast;
    }

    private static byte[] decodeWithUnknown(String tokenText) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(tokenText.length());
        for (int i = 0; i < tokenText.length(); ) {
            int cp = tokenText.codePointAt(i);
            i += Character.charCount(cp);
            int b = byteOf(cp);
            if (b >= 0) {
                out.write(b);
            } else {
                StringBuilder marker = new StringBuilder("[UNK_BYTE_0x");
                for (byte u : Codepoints.utf8(new String(Character.toChars(cp)))) {
                    marker.append(String.format("%02x", u & 0xff));
                }
                marker.append(tokenText).append(']');
                out.writeBytes(Codepoints.utf8(marker.toString()));
            }
        }
        return out.toByteArray();
    }
}
