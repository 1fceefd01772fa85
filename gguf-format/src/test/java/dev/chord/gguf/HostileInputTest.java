package dev.chord.gguf;

import dev.chord.api.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of malformed file the foundation issue lists yields a {@link GgufFormatException} whose message
 * names the file, the offset and what was expected.
 */
class HostileInputTest {

    private static GgufFormatException reject(RawGguf g, String expectedFragment) {
        return reject(g.toBytes(), expectedFragment);
    }

    private static GgufFormatException reject(byte[] bytes, String expectedFragment) {
        GgufFormatException e = assertThrows(GgufFormatException.class,
                () -> GgufFile.parse(Path.of("test.gguf"), MemorySegment.ofArray(bytes)));
        assertTrue(e.getMessage().startsWith("test.gguf: at offset "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), "message '" + e.getMessage() + "' lacks '" + expectedFragment + "'");
        return e;
    }

    @Test
    void badMagic() {
        var e = reject(new RawGguf().bytes(new byte[] {'G', 'G', 'U', 'X'}).u32(3).u64(0).u64(0), "bad magic: expected 'GGUF'");
        assertEquals(0, e.offset());
        reject(new RawGguf().bytes(new byte[] {'l', 'm', 'g', 'g'}).u32(1), "pre-GGUF");
        reject(new byte[0], "truncated");
        reject(new byte[] {'G', 'G'}, "truncated");
    }

    @Test
    void unsupportedVersions() {
        reject(new RawGguf().bytes("GGUF".getBytes()).u32(1).u64(0).u64(0), "version 1 is not supported");
        reject(new RawGguf().bytes("GGUF".getBytes()).u32(4).u64(0).u64(0), "unsupported GGUF version 4");
        reject(new RawGguf().bytes("GGUF".getBytes()).u32(Integer.reverseBytes(3)).u64(0).u64(0), "big-endian");
    }

    @Test
    void version2IsRead() {
        byte[] b = new RawGguf().bytes("GGUF".getBytes()).u32(2).u64(0).u64(1).kvU32("a", 7).toBytes();
        GgufFile f = GgufFile.parse(Path.of("v2.gguf"), MemorySegment.ofArray(b));
        assertEquals(2, f.version());
        assertEquals(7, f.metadata().getUInt32("a"));
    }

    @Test
    void countsLargerThanTheFile() {
        reject(RawGguf.header(Long.MAX_VALUE, 0), "tensor count");
        reject(RawGguf.header(0, 1L << 40), "metadata key-value count");
        reject(RawGguf.header(-1, 0), "tensor count 18446744073709551615");
    }

    @Test
    void lengthsLargerThanTheFile() {
        reject(RawGguf.header(0, 1).u64(1L << 50).zeros(16), "string length");
        reject(RawGguf.header(0, 1).u64(-1).zeros(16), "string length 18446744073709551615");
        reject(RawGguf.header(0, 1).str("k").u32(GgufValueType.STRING.id()).u64(1_000_000).zeros(8), "string length");
        reject(RawGguf.header(0, 1).str("k").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.UINT64.id())
                .u64(1L << 40).zeros(64), "array of 1099511627776");
        reject(RawGguf.header(0, 1).str("k").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.STRING.id())
                .u64(Long.MAX_VALUE).zeros(64), "array of");
    }

    @Test
    void unknownValueTypes() {
        reject(RawGguf.header(0, 1).str("k").u32(13).zeros(8), "unknown value type 13 for key 'k'");
        reject(RawGguf.header(0, 1).str("k").u32(GgufValueType.ARRAY.id()).u32(99).u64(1).zeros(8),
                "unknown array element type 99");
    }

    @Test
    void badBool() {
        reject(RawGguf.header(0, 1).str("k").u32(GgufValueType.BOOL.id()).u8(7), "expected 0 or 1");
    }

    @Test
    void tooDeeplyNestedArrays() {
        RawGguf g = RawGguf.header(0, 1).str("k").u32(GgufValueType.ARRAY.id());
        for (int i = 0; i < 40; i++) {
            g.u32(GgufValueType.ARRAY.id()).u64(1);
        }
        g.u32(GgufValueType.UINT8.id()).u64(0);
        reject(g, "nested deeper");
    }

    @Test
    void duplicateKeys() {
        reject(RawGguf.header(0, 2).kvU32("a", 1).kvU32("a", 2), "duplicate metadata key 'a'");
    }

    @Test
    void invalidUtf8InKey() {
        reject(RawGguf.header(0, 1).u64(2).bytes(new byte[] {(byte) 0xc3, (byte) 0x28}).u32(4).u32(0), "invalid UTF-8");
        reject(RawGguf.header(0, 1).u64(3).bytes(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}).u32(4).u32(0),
                "invalid UTF-8"); // a UTF-16 surrogate
        reject(RawGguf.header(0, 1).u64(2).bytes(new byte[] {(byte) 0xc0, (byte) 0x80}).u32(4).u32(0),
                "invalid UTF-8"); // overlong NUL
    }

    @Test
    void badAlignment() {
        reject(RawGguf.header(0, 1).kvU32(Gguf.KEY_ALIGNMENT, 0), "expected a non-zero power of two");
        reject(RawGguf.header(0, 1).kvU32(Gguf.KEY_ALIGNMENT, 48), "expected a non-zero power of two");
        reject(RawGguf.header(0, 1).str(Gguf.KEY_ALIGNMENT).u32(GgufValueType.UINT64.id()).u64(32),
                "general.alignment: expected UINT32, found UINT64");
    }

    private static RawGguf oneTensor(int type, long offset, long... dims) {
        return RawGguf.header(1, 0).tensor("t", type, offset, dims);
    }

    @Test
    void badTensorShapes() {
        reject(oneTensor(0, 0), "n_dims 0: expected 1..4");
        reject(oneTensor(0, 0, 1, 1, 1, 1, 1), "n_dims 5");
        reject(oneTensor(0, 0, 4, 0), "dimension 1 is 0");
        reject(oneTensor(0, 0, -4), "negative");
        reject(oneTensor(0, 0, 1L << 40, 1L << 40), "element count overflows int64");
        reject(oneTensor(2, 0, 31).pad(32).zeros(32), "not a multiple of the q4_0 block size 32");
    }

    @Test
    void unknownAndRemovedTensorTypes() {
        reject(oneTensor(1000, 0, 32), "unknown ggml type id 1000");
        reject(oneTensor(4, 0, 32), "ggml type q4_2 (id 4), which ggml removed");
        reject(oneTensor(31, 0, 32), "removed");
    }

    @Test
    void tensorDataOutsideTheFile() {
        reject(oneTensor(0, 0, 64).pad(32).zeros(100), "lies outside the file");
        reject(oneTensor(0, 1L << 62, 4).pad(32).zeros(16), "lies outside the file");
    }

    @Test
    void unalignedOffset() {
        reject(oneTensor(0, 4, 4).pad(32).zeros(64), "not a multiple of the alignment 32");
    }

    @Test
    void overlappingTensors() {
        RawGguf g = RawGguf.header(2, 0).tensor("a", 0, 0, 16).tensor("b", 0, 32, 16).pad(32).zeros(128);
        reject(g, "overlaps tensor 'a'");
    }

    @Test
    void duplicateTensorNames() {
        RawGguf g = RawGguf.header(2, 0).tensor("a", 0, 0, 8).tensor("a", 0, 32, 8).pad(32).zeros(64);
        reject(g, "duplicate tensor name 'a'");
    }

    @Test
    void truncatedAtEveryHeaderOffset() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.quant("q4_0"));
        long dataOffset;
        try (GgufFile f = GgufFile.parse(Path.of("q4_0"), MemorySegment.ofArray(whole))) {
            dataOffset = f.dataOffset();
        }
        for (int n = 0; n < whole.length; n += (n < dataOffset + 64 ? 1 : 997)) {
            byte[] cut = java.util.Arrays.copyOf(whole, n);
            GgufFormatException e = assertThrows(GgufFormatException.class,
                    () -> GgufFile.parse(Path.of("cut.gguf"), MemorySegment.ofArray(cut)), "prefix of " + n + " bytes");
            assertTrue(e.offset() <= n, "offset " + e.offset() + " beyond the " + n + " bytes of the file");
        }
    }
}
