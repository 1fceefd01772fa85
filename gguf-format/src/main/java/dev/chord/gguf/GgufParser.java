package dev.chord.gguf;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Parses a GGUF header (magic, version, metadata, tensor infos) from a segment holding the file.
 *
 * <p>The file is untrusted: every read checks the bytes that remain before it reads, every count and
 * length is checked against what the rest of the file could hold before anything is allocated, and heap
 * use is bounded by what was actually parsed. Every failure is a {@link GgufFormatException} naming the
 * file, the offset and what was expected. Layout: ggml/docs/gguf.md (GGUF v2/v3: 64-bit counts and
 * lengths, little-endian).
 */
final class GgufParser {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Smallest possible key-value pair: empty key (8), type (4), one-byte value. */
    private static final int MIN_KV_BYTES = 13;
    /** Smallest conceivable tensor info: empty name (8), n_dims (4), no dims, type (4), offset (8). */
    private static final int MIN_TENSOR_INFO_BYTES = 24;
    /** Rough heap cost of one parsed string beyond its characters. */
    private static final long STRING_OVERHEAD = 56;

    record Header(int version, long alignment, GgufMetadata metadata, List<GgufTensorInfo> tensors,
                  long headerEnd, long dataOffset) {
    }

    private final Path file;
    private final MemorySegment seg;
    private final long size;
    private final long heapBudget;
    private long heapUsed;
    private long pos;

    private GgufParser(Path file, MemorySegment seg) {
        this.file = file;
        this.seg = seg;
        this.size = seg.byteSize();
        this.heapBudget = Runtime.getRuntime().maxMemory() / 2;
    }

    static Header parse(Path file, MemorySegment seg) {
        return new GgufParser(file, seg).header();
    }

    private GgufFormatException error(long at, String message) {
        return new GgufFormatException(file, at, message);
    }

    private void need(long n, String what) {
        if (n < 0 || size - pos < n) {
            throw error(pos, "truncated: expected " + (n < 0 ? Long.toUnsignedString(n) : n) + " bytes of " + what
                    + ", file ends at " + size);
        }
    }

    private int u8(String what) {
        need(1, what);
        return seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
    }

    private int u32(String what) {
        need(4, what);
        int v = seg.get(U32, pos);
        pos += 4;
        return v;
    }

    private long u64(String what) {
        need(8, what);
        long v = seg.get(U64, pos);
        pos += 8;
        return v;
    }

    private void charge(long bytes, String what) {
        heapUsed += bytes;
        if (heapUsed > heapBudget) {
            throw error(pos, "metadata needs about " + (heapUsed >> 20) + " MiB of heap to hold (" + what
                    + "), more than half of this JVM's maximum heap; raise -Xmx if the file is genuine");
        }
    }

    private String string(String what) {
        long at = pos;
        if (size - pos < 8) {
            throw error(pos, "truncated: expected 8 bytes of the length of " + what + ", file ends at " + size);
        }
        long len = seg.get(U64, pos);
        pos += 8;
        if (len < 0 || len > size - pos) {
            throw error(at, what + ": string length " + Long.toUnsignedString(len) + " exceeds the "
                    + (size - pos) + " bytes left in the file");
        }
        if (len == 0) {
            return "";
        }
        if (len > Integer.MAX_VALUE - 16) {
            throw error(at, what + ": string length " + len + " is larger than Chord supports (2 GiB)");
        }
        charge(len * 2 + STRING_OVERHEAD, what);
        byte[] b = new byte[(int) len];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, b.length);
        boolean ascii = true;
        for (byte x : b) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            pos += len;
            return new String(b, StandardCharsets.ISO_8859_1); // same chars, no decoding work
        }
        int bad = Utf8.firstInvalid(b);
        if (bad >= 0) {
            throw error(pos + bad, what + ": invalid UTF-8 (byte 0x" + Integer.toHexString(b[bad] & 0xff) + ")");
        }
        pos += len;
        return new String(b, StandardCharsets.UTF_8);
    }

    private Header header() {
        need(4, "magic");
        byte[] magic = new byte[4];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, magic, 0, 4);
        if (!Arrays.equals(magic, Gguf.MAGIC)) {
            String legacy = switch (new String(magic, StandardCharsets.ISO_8859_1)) {
                case "lmgg", "fmgg", "tjgg", "GGML", "GGMF", "GGJT" -> " (a pre-GGUF ggml/GGJT file: convert it with llama.cpp's convert scripts)";
                default -> "";
            };
            throw error(0, "bad magic: expected 'GGUF' (47 47 55 46), found " + hex(magic) + legacy);
        }
        pos = 4;
        int version = u32("version");
        if (version == 1) {
            throw error(4, "GGUF version 1 is not supported (32-bit counts; re-convert the model with a current llama.cpp): expected version 2 or 3");
        }
        if (version != 2 && version != 3) {
            int swapped = Integer.reverseBytes(version);
            if ((version & 0xffff) == 0 && swapped >= 1 && swapped <= 3) {
                throw error(4, "big-endian GGUF (version " + swapped + " byte-swapped) is not supported: expected a little-endian file");
            }
            throw error(4, "unsupported GGUF version " + Integer.toUnsignedString(version) + ": expected 2 or 3");
        }
        long countsAt = pos;
        long tensorCount = u64("tensor count");
        long kvCount = u64("metadata key-value count");
        long left = size - pos;
        if (tensorCount < 0 || tensorCount > left / MIN_TENSOR_INFO_BYTES) {
            throw error(countsAt, "tensor count " + Long.toUnsignedString(tensorCount) + " is more than the "
                    + left + " bytes left could describe");
        }
        if (kvCount < 0 || kvCount > left / MIN_KV_BYTES) {
            throw error(countsAt + 8, "metadata key-value count " + Long.toUnsignedString(kvCount)
                    + " is more than the " + left + " bytes left could hold");
        }

        LinkedHashMap<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long keyAt = pos;
            String key = string("metadata key #" + i);
            if (kv.containsKey(key)) {
                throw error(keyAt, "duplicate metadata key '" + key + "'");
            }
            long typeAt = pos;
            int typeId = u32("value type of '" + key + "'");
            GgufValueType type = GgufValueType.byId(Integer.toUnsignedLong(typeId)).orElseThrow(() ->
                    error(typeAt, "unknown value type " + Integer.toUnsignedString(typeId) + " for key '" + key
                            + "': expected 0..12"));
            kv.put(key, value(type, key, 0));
        }

        long alignment = Gguf.DEFAULT_ALIGNMENT;
        GgufValue al = kv.get(Gguf.KEY_ALIGNMENT);
        if (al != null) {
            if (al.type() != GgufValueType.UINT32) {
                throw error(countsAt, Gguf.KEY_ALIGNMENT + ": expected UINT32, found " + al.type());
            }
            alignment = al.asLong();
            if (alignment == 0 || Long.bitCount(alignment) != 1) {
                throw error(countsAt, Gguf.KEY_ALIGNMENT + " is " + alignment + ": expected a non-zero power of two");
            }
        }

        List<GgufTensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
        Set<String> names = new HashSet<>();
        long[] infoAt = new long[(int) tensorCount];
        for (int i = 0; i < tensorCount; i++) {
            infoAt[i] = pos;
            tensors.add(tensorInfo(i, names, alignment));
        }
        long headerEnd = pos;
        long dataOffset = Gguf.alignUp(headerEnd, alignment);
        if (!tensors.isEmpty()) {
            checkData(tensors, infoAt, dataOffset);
        }
        return new Header(version, alignment, new GgufMetadata(kv), List.copyOf(tensors), headerEnd, dataOffset);
    }

    private GgufTensorInfo tensorInfo(int i, Set<String> names, long alignment) {
        long at = pos;
        String name = string("name of tensor #" + i);
        if (!names.add(name)) {
            throw error(at, "duplicate tensor name '" + name + "'");
        }
        long dimsAt = pos;
        int nDims = u32("n_dims of tensor '" + name + "'");
        if (nDims < 1 || nDims > Gguf.MAX_DIMS) {
            throw error(dimsAt, "tensor '" + name + "' has n_dims " + Integer.toUnsignedString(nDims) + ": expected 1.."
                    + Gguf.MAX_DIMS);
        }
        long[] shape = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dAt = pos;
            shape[d] = u64("dimension " + d + " of tensor '" + name + "'");
            if (shape[d] <= 0) {
                throw error(dAt, "tensor '" + name + "' dimension " + d + " is "
                        + (shape[d] == 0 ? "0" : Long.toUnsignedString(shape[d]) + " (negative as int64)")
                        + ": expected a positive size");
            }
            if (elements > Long.MAX_VALUE / shape[d]) {
                throw error(dAt, "tensor '" + name + "' shape " + Arrays.toString(shape)
                        + ": element count overflows int64");
            }
            elements *= shape[d];
        }
        long typeAt = pos;
        int typeId = u32("type of tensor '" + name + "'");
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> error(typeAt, "tensor '" + name
                + "' has unknown ggml type id " + Integer.toUnsignedString(typeId)));
        if (type.isRemoved()) {
            throw error(typeAt, "tensor '" + name + "' uses ggml type " + type.ggmlName() + " (id " + typeId
                    + "), which ggml removed: re-convert the model with a current llama.cpp");
        }
        if (shape[0] % type.blockSize() != 0) {
            throw error(dimsAt, "tensor '" + name + "': row length " + shape[0] + " is not a multiple of the "
                    + type.ggmlName() + " block size " + type.blockSize());
        }
        long blocks = elements / type.blockSize();
        if (blocks > Long.MAX_VALUE / type.blockBytes()) {
            throw error(dimsAt, "tensor '" + name + "': byte size overflows int64");
        }
        long offAt = pos;
        long offset = u64("data offset of tensor '" + name + "'");
        if (offset < 0 || offset % alignment != 0) {
            throw error(offAt, "tensor '" + name + "' data offset " + Long.toUnsignedString(offset)
                    + " is not a multiple of the alignment " + alignment);
        }
        return new GgufTensorInfo(name, type, shape, offset);
    }

    /** Every tensor's data lies inside the file and no two overlap. */
    private void checkData(List<GgufTensorInfo> tensors, long[] infoAt, long dataOffset) {
        Integer[] order = new Integer[tensors.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(tensors.get(a).offset(), tensors.get(b).offset()));
        long prevEnd = 0;
        String prevName = null;
        for (int idx : order) {
            GgufTensorInfo t = tensors.get(idx);
            long bytes = t.byteSize();
            long start = t.offset();
            if (start > size - dataOffset || bytes > size - dataOffset - start) {
                throw error(infoAt[idx], "tensor '" + t.name() + "' data [" + (dataOffset + start) + ", +" + bytes
                        + ") lies outside the file of " + size + " bytes");
            }
            if (start < prevEnd) {
                throw error(infoAt[idx], "tensor '" + t.name() + "' data at relative offset " + start
                        + " overlaps tensor '" + prevName + "' which ends at " + prevEnd);
            }
            prevEnd = start + bytes;
            prevName = t.name();
        }
    }

    private GgufValue value(GgufValueType type, String key, int depth) {
        return switch (type) {
            case UINT8 -> GgufValue.uint8(u8(key));
            case INT8 -> GgufValue.int8(u8(key));
            case UINT16 -> {
                need(2, key);
                short v = seg.get(U16, pos);
                pos += 2;
                yield new GgufValue(type, v);
            }
            case INT16 -> {
                need(2, key);
                short v = seg.get(U16, pos);
                pos += 2;
                yield new GgufValue(type, v);
            }
            case UINT32, INT32 -> new GgufValue(type, u32(key));
            case UINT64, INT64 -> new GgufValue(type, u64(key));
            case FLOAT32 -> {
                need(4, key);
                float v = seg.get(F32, pos);
                pos += 4;
                yield GgufValue.float32(v);
            }
            case FLOAT64 -> {
                need(8, key);
                double v = seg.get(F64, pos);
                pos += 8;
                yield GgufValue.float64(v);
            }
            case BOOL -> GgufValue.bool(bool(key));
            case STRING -> GgufValue.string(string("value of '" + key + "'"));
            case ARRAY -> GgufValue.array(array(key, depth));
        };
    }

    private boolean bool(String key) {
        long at = pos;
        int b = u8(key);
        if (b > 1) {
            throw error(at, "'" + key + "': bool byte is " + b + ": expected 0 or 1");
        }
        return b == 1;
    }

    private GgufArray array(String key, int depth) {
        if (depth >= Gguf.MAX_ARRAY_DEPTH) {
            throw error(pos, "'" + key + "': arrays nested deeper than " + Gguf.MAX_ARRAY_DEPTH);
        }
        long at = pos;
        int typeId = u32("element type of '" + key + "'");
        GgufValueType et = GgufValueType.byId(Integer.toUnsignedLong(typeId)).orElseThrow(() ->
                error(at, "'" + key + "': unknown array element type " + Integer.toUnsignedString(typeId) + ": expected 0..12"));
        long countAt = pos;
        long n = u64("length of array '" + key + "'");
        long left = size - pos;
        if (n < 0 || n > left / et.minBytes() || n > Integer.MAX_VALUE - 16) {
            throw error(countAt, "'" + key + "': array of " + Long.toUnsignedString(n) + " " + et
                    + " is more than the " + left + " bytes left could hold");
        }
        int len = (int) n;
        return switch (et) {
            case UINT8, INT8 -> {
                charge(len, key);
                byte[] a = new byte[len];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, a, 0, len);
                pos += len;
                yield new GgufArray(et, a);
            }
            case UINT16, INT16 -> {
                charge(2L * len, key);
                short[] a = new short[len];
                MemorySegment.copy(seg, U16, pos, a, 0, len);
                pos += 2L * len;
                yield new GgufArray(et, a);
            }
            case UINT32, INT32 -> {
                charge(4L * len, key);
                int[] a = new int[len];
                MemorySegment.copy(seg, U32, pos, a, 0, len);
                pos += 4L * len;
                yield new GgufArray(et, a);
            }
            case UINT64, INT64 -> {
                charge(8L * len, key);
                long[] a = new long[len];
                MemorySegment.copy(seg, U64, pos, a, 0, len);
                pos += 8L * len;
                yield new GgufArray(et, a);
            }
            case FLOAT32 -> {
                charge(4L * len, key);
                float[] a = new float[len];
                MemorySegment.copy(seg, F32, pos, a, 0, len);
                pos += 4L * len;
                yield new GgufArray(et, a);
            }
            case FLOAT64 -> {
                charge(8L * len, key);
                double[] a = new double[len];
                MemorySegment.copy(seg, F64, pos, a, 0, len);
                pos += 8L * len;
                yield new GgufArray(et, a);
            }
            case BOOL -> {
                charge(len, key);
                boolean[] a = new boolean[len];
                for (int i = 0; i < len; i++) {
                    a[i] = bool(key);
                }
                yield new GgufArray(et, a);
            }
            case STRING -> {
                charge(8L * len, key);
                String[] a = new String[len];
                String what = "element of '" + key + "'";
                for (int i = 0; i < len; i++) {
                    a[i] = string(what);
                }
                yield new GgufArray(et, a);
            }
            case ARRAY -> {
                charge(8L * len + 32L * len, key);
                GgufArray[] a = new GgufArray[len];
                for (int i = 0; i < len; i++) {
                    a[i] = array(key + "[" + i + "]", depth + 1);
                }
                yield new GgufArray(et, a);
            }
        };
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
