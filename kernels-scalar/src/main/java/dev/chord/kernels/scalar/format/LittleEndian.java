package dev.chord.kernels.scalar.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Field access for ggml blocks: every multi-byte field is little-endian (GGUF stores tensors as the x86
 * and ARM machines that wrote them lay them out) and blocks of 17, 18 or 22 bytes leave fields unaligned.
 * The layouts are explicit so the results do not depend on the machine's byte order.
 */
final class LittleEndian {
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    static int i8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at);
    }

    static void put8(MemorySegment s, long at, int value) {
        s.set(ValueLayout.JAVA_BYTE, at, (byte) value);
    }

    /** A {@code ggml_half} field as a float. */
    static float half(MemorySegment s, long at) {
        return Fp16.toFloat(s.get(SHORT, at));
    }

    /** Stores {@code value} in a {@code ggml_half} field the way ggml's reference code does. */
    static void putHalf(MemorySegment s, long at, float value) {
        s.set(SHORT, at, Fp16.fromFloat(value));
    }

    static int u32(MemorySegment s, long at) {
        return s.get(INT, at);
    }

    static void put32(MemorySegment s, long at, int value) {
        s.set(INT, at, value);
    }
}
