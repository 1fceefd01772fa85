package dev.chord.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Species and helpers the row-dot templates derive from their {@link VectorConfig} once, in their static
 * initializers (never in a loop).
 */
final class Lanes {
    private Lanes() {
    }

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** An fp16 field; read with {@code Float.float16ToFloat(w.get(HALF, off))} inline (a helper call in a
     * vector loop may not be inlined, and a call spills every vector register). */
    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    /** Values per super-block ({@code QK_K}, ggml-common.h). */
    static final int QK_K = 256;

    /**
     * The byte species a template loads weight bytes with, to widen them to {@code lanes} int lanes: exactly
     * {@code lanes} bytes, but never less than 8 (64 bits, the smallest vector shape); with 4 int lanes
     * (128-bit vectors) one load therefore feeds two conversions ({@code part} 0 and 1).
     */
    static VectorSpecies<Byte> byteLoads(int lanes) {
        return ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(Math.max(64, 8 * lanes)));
    }

    /** Short lanes, as many as {@code v} has float lanes (to widen q8_K's int16 block sums). */
    static VectorSpecies<Short> shorts(VectorConfig v) {
        return ShortVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(v.bits() / 2));
    }
}
