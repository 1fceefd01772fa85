package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2I;

/**
 * The loop both vector kernels run for the 4- and 5-bit 32-value block formats ({@link Block32}: q4_0, q4_1,
 * q5_0, q5_1, iq4_nl): per block and tile row, the sum of (weight level) x (activation) over the 32 values,
 * then one scale per block. The level is the integer ggml's integer kernels multiply: q - 8 (q4_0), q - 16
 * (q5_0), q (q4_1, q5_1), the codebook entry (iq4_nl). {@code vector.fused} passes F32 activations and scales
 * by d, adding {@code m * sum(x)} for the formats with a minimum; {@code vector.int8} passes the quantized
 * activations as floats and scales by {@code d * d_a}, adding {@code m * s} with q8_1's stored s, as ggml.
 *
 * <p>A width template ({@link WidthSpecializer}), stateless: {@link Block32FusedDot} and {@link Block32Int8Dot}
 * hold the format and call it once per tile.
 *
 * <p>Decoding: the bytes of one float vector's worth of values widen once to int lanes, where both nibbles (value
 * j and value j + 16) and q5's fifth bits are cut out and converted to floats; iq4_nl looks its codebook up
 * in the byte lanes first. Summing the block before scaling costs two fused multiply-adds per row and chunk
 * and one per row and block (measured about 40% faster than making weights first, which costs two more).
 *
 * <p>With quantized activations the block sums are exact integers: a product is at most 127 * 127 in
 * magnitude and 32 of them stay below 2^24, so every partial sum is a float-exact integer in any order.
 * {@link Block32Int8Dot#integerPartials} reads them from here.
 *
 * <p>q4_1 and q5_1 with q8_1 activations combine each block in double instead: {@code S * d * d_a + m * s}, S the
 * block's exact integer sum. The two terms nearly cancel whenever the weights' minimum is about minus half
 * their range (the usual case), and the float rounding of 16 lane products was measured at 5e-4 of a
 * one-block result that cancels 1400-fold; this way it is the F64 value rounded once. It costs one
 * horizontal sum per block and row, for these two formats only.
 */
public final class Block32Dot implements Block32Loop {
    private static final VectorConfig V = WidthSpecializer.config(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = V.floats();
    private static final VectorSpecies<Integer> I = V.ints();
    /** Bytes that widen to one float vector; at 128 bits the 64-bit species, loaded with its first 4 lanes only. */
    private static final VectorSpecies<Byte> B = Lanes.byteLoads(F.length());
    private static final boolean MASKED = B.length() > F.length();
    private static final VectorMask<Byte> FIRST = VectorMask.fromLong(B, (1L << F.length()) - 1);
    private static final int L = F.length();
    /** Lane i holds i: the shift that brings the fifth bit of lane i's value under the mask 16. */
    private static final IntVector LANE_INDEX = IntVector.zero(I).addIndex(1);
    /** The iq4_nl codebook as a two-vector lookup table (16 entries whatever the byte vector's length). */
    private static final ByteVector CODEBOOK_1 = ByteVector.fromArray(B, Block32.codebookTwice(), 0);
    private static final ByteVector CODEBOOK_2 = ByteVector.fromArray(B, Block32.codebookTwice(), B.length());
    /**
     * With 8 or more int lanes a 4-bit level is looked up as the bits of its float: one permute instead of an
     * offset add and an int-to-float conversion. Two-vector tables of the 16 levels' float bits, per 4-bit
     * format; at 128 bits (4 lanes) the levels are converted instead, and so are q5's 32 levels.
     */
    private static final boolean LOOKUP = I.length() >= 8;
    private static final IntVector Q4_0_1 = levelTable(-8, 0);
    private static final IntVector Q4_0_2 = levelTable(-8, 1);
    private static final IntVector Q4_1_1 = levelTable(0, 0);
    private static final IntVector Q4_1_2 = levelTable(0, 1);
    private static final IntVector IQ4_NL_1 = codebookTable(0);
    private static final IntVector IQ4_NL_2 = codebookTable(1);

    /** Part {@code part} of a two-vector table whose entry q holds the float bits of {@code q + offset}. */
    private static IntVector levelTable(int offset, int part) {
        int[] bits = new int[32];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Float.floatToRawIntBits((i % 16) + offset);
        }
        return IntVector.fromArray(I, bits, part * I.length() % 32);
    }

    /** Part {@code part} of a two-vector table whose entry q holds the float bits of {@code kvalues_iq4nl[q]}. */
    private static IntVector codebookTable(int part) {
        int[] bits = new int[32];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Float.floatToRawIntBits(Block32.IQ4_NL_LEVELS[i % 16]);
        }
        return IntVector.fromArray(I, bits, part * I.length() % 32);
    }

    /** A width template: made by {@link WidthSpecializer}, which needs this constructor. */
    public Block32Dot() {
    }

    @Override
    public void tile(Block32 block, MemorySegment w, long row, int cols, float[] act, int actRow, int rows,
                     float[] actScale, float[] actSums, int scaleRow, float[] y, int yOff, int yStride, int[] partials) {
        if (rows == 1) {
            y[yOff] = one(block, w, row, cols, act, actRow, actScale, actSums, scaleRow, partials);
        } else {
            tile(block, w, row, cols, act, actRow, rows, actScale, actSums, scaleRow, y, yOff, yStride);
        }
    }

    /**
     * One activation row: the matrix-vector case, in a loop of its own because it must run at full speed. The
     * multi-row loop keeps more values alive, and C2 then kept this loop's induction variables in vector
     * registers, a move out and back on every iteration's critical path (measured 40-60% slower).
     */
    private static float one(Block32 block, MemorySegment w, long row, int cols, float[] act, int actRow,
                             float[] actScale, float[] actSums, int scaleRow, int[] partials) {
        GgmlType type = block.type();
        boolean iq4 = type == GgmlType.IQ4_NL;
        boolean fiveBit = block.qh() >= 0;
        boolean lookup = LOOKUP && block.qh() < 0;
        IntVector table1 = iq4 ? IQ4_NL_1 : type == GgmlType.Q4_0 ? Q4_0_1 : Q4_1_1;
        IntVector table2 = iq4 ? IQ4_NL_2 : type == GgmlType.Q4_0 ? Q4_0_2 : Q4_1_2;
        boolean sumActivations = block.hasMin() && actSums == null;
        boolean exactBlocks = block.hasMin() && actSums != null;
        int offset = block.levelOffset();
        int blockBytes = block.blockBytes();
        int qs = block.qs();
        FloatVector acc = FloatVector.zero(F);
        // the minimum term on its own accumulator: on acc it put two dependent multiply-adds per block on the
        // loop-carried path (q4_1 measured 2.5 ms -> 1.4 ms)
        FloatVector accMin = FloatVector.zero(F);
        double exact = 0;
        long at = row;
        int sk = scaleRow;
        int end = actRow + cols;
        for (int xi = actRow; xi < end; xi += Block32.VALUES, at += blockBytes, sk++) {
            int qh = fiveBit ? block.highBits(w, at) : 0;
            FloatVector s = FloatVector.zero(F);
            FloatVector t = FloatVector.zero(F);
            for (int j = 0; j < Block32.HALF; j += L) {
                long qa = at + qs + j;
                ByteVector q = MASKED ? ByteVector.fromMemorySegment(B, w, qa, Lanes.LE, FIRST) : ByteVector.fromMemorySegment(B, w, qa, Lanes.LE);
                FloatVector lo;
                FloatVector hi;
                if (lookup) {
                    IntVector bytes = (IntVector) q.convertShape(ZERO_EXTEND_B2I, I, 0);
                    lo = bytes.and(0x0F).selectFrom(table1, table2).reinterpretAsFloats();
                    hi = bytes.lanewise(LSHR, 4).selectFrom(table1, table2).reinterpretAsFloats();
                } else if (iq4) {
                    lo = (FloatVector) q.and((byte) 0x0F).selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2F, F, 0);
                    hi = (FloatVector) q.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2F, F, 0);
                } else {
                    IntVector bytes = (IntVector) q.convertShape(ZERO_EXTEND_B2I, I, 0);
                    IntVector nl = bytes.and(0x0F);
                    IntVector nh = bytes.lanewise(LSHR, 4);
                    if (fiveBit) {
                        nl = nl.add(IntVector.broadcast(I, (qh >>> j) << 4).lanewise(LSHR, LANE_INDEX).and(16));
                        nh = nh.add(IntVector.broadcast(I, (qh >>> (Block32.HALF + j)) << 4).lanewise(LSHR, LANE_INDEX).and(16));
                    }
                    lo = (FloatVector) nl.add(offset).convert(I2F, 0);
                    hi = (FloatVector) nh.add(offset).convert(I2F, 0);
                }
                FloatVector xl = FloatVector.fromArray(F, act, xi + j);
                FloatVector xh = FloatVector.fromArray(F, act, xi + Block32.HALF + j);
                s = hi.fma(xh, lo.fma(xl, s));
                if (sumActivations) {
                    t = j == 0 ? xl.add(xh) : t.add(xl).add(xh);
                }
            }
            if (partials != null) {
                partials[(xi - actRow) / Block32.VALUES] = (int) s.reduceLanes(ADD);
            }
            float d = Fp16Table.half(w, at);
            if (exactBlocks) {
                exact += s.reduceLanes(ADD) * ((double) d * actScale[sk]) + (double) block.min(w, at) * actSums[sk];
            } else {
                acc = s.fma(FloatVector.broadcast(F, actScale != null ? d * actScale[sk] : d), acc);
                if (sumActivations) {
                    accMin = t.fma(FloatVector.broadcast(F, block.min(w, at)), accMin);
                }
            }
        }
        return (float) (acc.add(accMin).reduceLanes(ADD) + exact);
    }

    @Override
    public void two(Block32 block, MemorySegment w, long row, long rowStep, int cols, float[] act, int actRow,
                    float[] actScale, int scaleRow, float[] y, int yOff, int yStep) {
        if (block.type() != GgmlType.Q4_0) {
            throw new IllegalArgumentException("the two-row pass is for q4_0, not " + block.type().ggmlName());
        }
        int offset = block.levelOffset();
        int blockBytes = block.blockBytes();
        int qs = block.qs();
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int blocks = cols / Block32.VALUES;
        // one induction variable: with one per row C2 kept some in vector registers (see one())
        for (int k = 0; k < blocks; k++) {
            long at0 = row + (long) k * blockBytes;
            long at1 = at0 + rowStep;
            int xi = actRow + k * Block32.VALUES;
            int sk = scaleRow + k;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            for (int j = 0; j < Block32.HALF; j += L) {
                FloatVector xl = FloatVector.fromArray(F, act, xi + j);
                FloatVector xh = FloatVector.fromArray(F, act, xi + Block32.HALF + j);
                ByteVector q0 = MASKED ? ByteVector.fromMemorySegment(B, w, at0 + qs + j, Lanes.LE, FIRST) : ByteVector.fromMemorySegment(B, w, at0 + qs + j, Lanes.LE);
                ByteVector q1 = MASKED ? ByteVector.fromMemorySegment(B, w, at1 + qs + j, Lanes.LE, FIRST) : ByteVector.fromMemorySegment(B, w, at1 + qs + j, Lanes.LE);
                IntVector b0 = (IntVector) q0.convertShape(ZERO_EXTEND_B2I, I, 0);
                IntVector b1 = (IntVector) q1.convertShape(ZERO_EXTEND_B2I, I, 0);
                FloatVector lo0;
                FloatVector hi0;
                FloatVector lo1;
                FloatVector hi1;
                if (LOOKUP) {
                    lo0 = b0.and(0x0F).selectFrom(Q4_0_1, Q4_0_2).reinterpretAsFloats();
                    hi0 = b0.lanewise(LSHR, 4).selectFrom(Q4_0_1, Q4_0_2).reinterpretAsFloats();
                    lo1 = b1.and(0x0F).selectFrom(Q4_0_1, Q4_0_2).reinterpretAsFloats();
                    hi1 = b1.lanewise(LSHR, 4).selectFrom(Q4_0_1, Q4_0_2).reinterpretAsFloats();
                } else {
                    lo0 = (FloatVector) b0.and(0x0F).add(offset).convert(I2F, 0);
                    hi0 = (FloatVector) b0.lanewise(LSHR, 4).add(offset).convert(I2F, 0);
                    lo1 = (FloatVector) b1.and(0x0F).add(offset).convert(I2F, 0);
                    hi1 = (FloatVector) b1.lanewise(LSHR, 4).add(offset).convert(I2F, 0);
                }
                s0 = hi0.fma(xh, lo0.fma(xl, s0));
                s1 = hi1.fma(xh, lo1.fma(xl, s1));
            }
            float a = actScale != null ? actScale[sk] : 1f;
            acc0 = s0.fma(FloatVector.broadcast(F, Fp16Table.half(w, at0) * a), acc0);
            acc1 = s1.fma(FloatVector.broadcast(F, Fp16Table.half(w, at1) * a), acc1);
        }
        y[yOff] = acc0.reduceLanes(ADD);
        y[yOff + yStep] = acc1.reduceLanes(ADD);
    }

    /** Two to four activation rows. */
    private static void tile(Block32 block, MemorySegment w, long row, int cols, float[] act, int actRow, int rows,
                             float[] actScale, float[] actSums, int scaleRow, float[] y, int yOff, int yStride) {
        GgmlType type = block.type();
        boolean iq4 = type == GgmlType.IQ4_NL;
        boolean lookup = LOOKUP && block.qh() < 0;
        IntVector table1 = iq4 ? IQ4_NL_1 : type == GgmlType.Q4_0 ? Q4_0_1 : Q4_1_1;
        IntVector table2 = iq4 ? IQ4_NL_2 : type == GgmlType.Q4_0 ? Q4_0_2 : Q4_1_2;
        int blocks = cols / Block32.VALUES;
        // Tile row b's activations start at actRow + b*cols and its scales at scaleRow + b*blocks; computed
        // where used rather than kept in locals, which C2 would have to keep alive (and spill) for rows > 1
        // even while running one row.
        boolean scaled = actScale != null;
        boolean sumActivations = block.hasMin() && actSums == null;
        boolean exactBlocks = block.hasMin() && actSums != null;
        int offset = block.levelOffset();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        double e0 = 0;
        double e1 = 0;
        double e2 = 0;
        double e3 = 0;
        int blockBytes = block.blockBytes();
        int qs = block.qs();
        boolean fiveBit = block.qh() >= 0;
        // induction variables rather than values derived from a block index: with the index, C2 ran out of
        // general registers in the int8 configuration and kept the counter in an XMM register, a move there and
        // back on the loop-carried path (measured 60% slower)
        long at = row;
        int sk = scaleRow;
        for (int c = 0; c < cols; c += Block32.VALUES, at += blockBytes, sk++) {
            int qh = block.highBits(w, at);
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            FloatVector t0 = FloatVector.zero(F);
            FloatVector t1 = FloatVector.zero(F);
            FloatVector t2 = FloatVector.zero(F);
            FloatVector t3 = FloatVector.zero(F);
            for (int j = 0; j < Block32.HALF; j += L) {
                long qa = at + qs + j;
                ByteVector q = MASKED ? ByteVector.fromMemorySegment(B, w, qa, Lanes.LE, FIRST) : ByteVector.fromMemorySegment(B, w, qa, Lanes.LE);
                FloatVector lo;
                FloatVector hi;
                if (lookup) {
                    IntVector bytes = (IntVector) q.convertShape(ZERO_EXTEND_B2I, I, 0);
                    lo = bytes.and(0x0F).selectFrom(table1, table2).reinterpretAsFloats();
                    hi = bytes.lanewise(LSHR, 4).selectFrom(table1, table2).reinterpretAsFloats();
                } else if (iq4) {
                    lo = (FloatVector) q.and((byte) 0x0F).selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2F, F, 0);
                    hi = (FloatVector) q.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes().and((byte) 0x0F)
                            .selectFrom(CODEBOOK_1, CODEBOOK_2).convertShape(B2F, F, 0);
                } else {
                    IntVector bytes = (IntVector) q.convertShape(ZERO_EXTEND_B2I, I, 0);
                    IntVector nl = bytes.and(0x0F);
                    IntVector nh = bytes.lanewise(LSHR, 4);
                    if (fiveBit) {
                        nl = nl.add(IntVector.broadcast(I, (qh >>> j) << 4).lanewise(LSHR, LANE_INDEX).and(16));
                        nh = nh.add(IntVector.broadcast(I, (qh >>> (Block32.HALF + j)) << 4).lanewise(LSHR, LANE_INDEX).and(16));
                    }
                    lo = (FloatVector) nl.add(offset).convert(I2F, 0);
                    hi = (FloatVector) nh.add(offset).convert(I2F, 0);
                }
                int cl = c + j;
                int ch = c + Block32.HALF + j;
                FloatVector xl = FloatVector.fromArray(F, act, actRow + cl);
                FloatVector xh = FloatVector.fromArray(F, act, actRow + ch);
                s0 = hi.fma(xh, lo.fma(xl, s0));
                if (sumActivations) {
                    t0 = t0.add(xl).add(xh);
                }
                if (rows > 1) {
                    xl = FloatVector.fromArray(F, act, actRow + 1 * cols + cl);
                    xh = FloatVector.fromArray(F, act, actRow + 1 * cols + ch);
                    s1 = hi.fma(xh, lo.fma(xl, s1));
                    if (sumActivations) {
                        t1 = t1.add(xl).add(xh);
                    }
                }
                if (rows > 2) {
                    xl = FloatVector.fromArray(F, act, actRow + 2 * cols + cl);
                    xh = FloatVector.fromArray(F, act, actRow + 2 * cols + ch);
                    s2 = hi.fma(xh, lo.fma(xl, s2));
                    if (sumActivations) {
                        t2 = t2.add(xl).add(xh);
                    }
                }
                if (rows > 3) {
                    xl = FloatVector.fromArray(F, act, actRow + 3 * cols + cl);
                    xh = FloatVector.fromArray(F, act, actRow + 3 * cols + ch);
                    s3 = hi.fma(xh, lo.fma(xl, s3));
                    if (sumActivations) {
                        t3 = t3.add(xl).add(xh);
                    }
                }
            }
            float d = Fp16Table.half(w, at);
            if (exactBlocks) {
                // q8_1 activations with a block minimum: see the class comment
                double m = block.min(w, at);
                e0 += s0.reduceLanes(ADD) * ((double) d * actScale[sk]) + m * actSums[sk];
                if (rows > 1) {
                    e1 += s1.reduceLanes(ADD) * ((double) d * actScale[sk + blocks]) + m * actSums[sk + blocks];
                }
                if (rows > 2) {
                    e2 += s2.reduceLanes(ADD) * ((double) d * actScale[sk + 2 * blocks]) + m * actSums[sk + 2 * blocks];
                }
                if (rows > 3) {
                    e3 += s3.reduceLanes(ADD) * ((double) d * actScale[sk + 3 * blocks]) + m * actSums[sk + 3 * blocks];
                }
                continue;
            }
            a0 = s0.fma(FloatVector.broadcast(F, scaled ? d * actScale[sk] : d), a0);
            if (rows > 1) {
                a1 = s1.fma(FloatVector.broadcast(F, scaled ? d * actScale[sk + blocks] : d), a1);
            }
            if (rows > 2) {
                a2 = s2.fma(FloatVector.broadcast(F, scaled ? d * actScale[sk + 2 * blocks] : d), a2);
            }
            if (rows > 3) {
                a3 = s3.fma(FloatVector.broadcast(F, scaled ? d * actScale[sk + 3 * blocks] : d), a3);
            }
            if (sumActivations) {
                FloatVector mv = FloatVector.broadcast(F, block.min(w, at));
                a0 = t0.fma(mv, a0);
                if (rows > 1) {
                    a1 = t1.fma(mv, a1);
                }
                if (rows > 2) {
                    a2 = t2.fma(mv, a2);
                }
                if (rows > 3) {
                    a3 = t3.fma(mv, a3);
                }
            }
        }
        FusedTileDot.store(y, yOff, yStride, rows, (float) (a0.reduceLanes(ADD) + e0), (float) (a1.reduceLanes(ADD) + e1),
                (float) (a2.reduceLanes(ADD) + e2), (float) (a3.reduceLanes(ADD) + e3));
    }
}
