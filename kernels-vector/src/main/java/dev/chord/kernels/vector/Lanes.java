package dev.chord.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The vector species every row dot uses, fixed for the life of the JVM at the width {@link VectorSupport}
 * chose when this class was first used.
 *
 * <p>Why constants: C2 turns Vector API calls into SIMD instructions only when the species is a
 * compile-time constant, which in practice means a {@code static final} field. A species read from an
 * instance field (a {@link VectorConfig} held by the row dot) leaves every operation as a boxed library
 * call: a 4096x4096 q8_0 matvec measured 90 ms that way against 2 ms with these constants. So row dots
 * copy the species they need from here into their own {@code static final} fields, and a JVM runs one
 * width; the tests run each width in its own JVM ({@code -Dchord.vector.bits}, see the module's pom).
 */
final class Lanes {
    private Lanes() {
    }

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfInt INT32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);

    /** The vector width in bits: 128, 256 or 512. */
    static final int BITS = chosenBits();

    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));
    static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));

    /** Float lanes per vector: 16, 8 or 4. */
    static final int FLOAT_LANES = FLOATS.length();

    /** Shorts that widen to one float vector (F16/BF16 weights): {@link #FLOAT_LANES} lanes. */
    static final VectorSpecies<Short> SHORTS_PER_FLOATS = species(short.class, FLOAT_LANES);

    /**
     * Bytes that widen to one float vector. There is no 32-bit species, so at 128 bits this is the 64-bit
     * species, loaded with {@link #FIRST_FLOAT_LANES} so that no byte past the four is read
     * ({@link #MASKED_BYTE_LOADS}).
     */
    static final VectorSpecies<Byte> BYTES_PER_FLOATS = species(byte.class, Math.max(8, FLOAT_LANES));
    static final boolean MASKED_BYTE_LOADS = FLOAT_LANES < 8;
    static final VectorMask<Byte> FIRST_FLOAT_LANES = VectorMask.fromLong(BYTES_PER_FLOATS, (1L << FLOAT_LANES) - 1);

    /** Bytes that widen to one full short vector (int8 dot products): BITS/2 bits. */
    static final VectorSpecies<Byte> BYTES_PER_SHORTS = species(byte.class, SHORTS.length());

    /**
     * Short lanes for the 4-bit formats' int8 products: one half-block of 16 values when the vector has
     * room, else 8. A 32-value block keeps values j and j + 16 in one byte, so 16 values is the natural
     * unit; at 512 bits these products run in 256-bit registers.
     */
    static final VectorSpecies<Short> NIBBLE_SHORTS = species(short.class, Math.min(16, SHORTS.length()));
    static final VectorSpecies<Byte> NIBBLE_BYTES = species(byte.class, NIBBLE_SHORTS.length());
    static final VectorSpecies<Integer> NIBBLE_INTS = species(int.class, NIBBLE_SHORTS.length() / 2);
    static final VectorSpecies<Float> NIBBLE_FLOATS = species(float.class, NIBBLE_SHORTS.length() / 2);

    private static int chosenBits() {
        VectorSupport.Decision d = VectorSupport.decision();
        if (!d.available()) {
            throw new IllegalStateException("Vector API kernels are unavailable: " + d.unavailableReason());
        }
        return d.bits();
    }

    private static <E> VectorSpecies<E> species(Class<E> lane, int lanes) {
        int laneBits = lane == byte.class ? 8 : lane == short.class ? 16 : 32;
        return VectorSpecies.of(lane, VectorShape.forBitSize(lanes * laneBits));
    }

    /**
     * Every binary16 value as a float, indexed by its bits (256 KB). A block scale is read once per block, and
     * the lookup costs only loads where {@code Float.float16ToFloat} costs a move to a vector register and a
     * two-uop conversion on the ports the vector arithmetic needs: measured 12-20% faster on a q8_0 matvec.
     * Rows use few distinct exponents, so the entries in use stay cached.
     */
    private static final float[] F16_TO_F32 = new float[1 << 16];

    static {
        for (int h = 0; h < F16_TO_F32.length; h++) {
            F16_TO_F32[h] = Float.float16ToFloat((short) h);
        }
    }

    /** A {@code ggml_half} field. */
    static float half(MemorySegment src, long at) {
        return F16_TO_F32[src.get(HALF, at) & 0xFFFF];
    }
}
