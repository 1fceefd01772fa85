package dev.chord.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species of one width, for every lane type the kernels use. Loaded only after
 * {@link VectorSupport} has checked that the Vector API can run.
 */
public record VectorConfig(int bits, VectorSpecies<Float> floats, VectorSpecies<Integer> ints,
                           VectorSpecies<Short> shorts, VectorSpecies<Byte> bytes) {

    public static VectorConfig of(int bits) {
        VectorShape shape = VectorShape.forBitSize(bits);
        return new VectorConfig(bits, FloatVector.SPECIES_PREFERRED.withShape(shape),
                IntVector.SPECIES_PREFERRED.withShape(shape), ShortVector.SPECIES_PREFERRED.withShape(shape),
                ByteVector.SPECIES_PREFERRED.withShape(shape));
    }

    static int preferredBits() {
        return VectorShape.preferredShape().vectorBitSize();
    }
}
