package dev.chord.gguf;

import dev.chord.api.testing.Fixtures;
import dev.chord.api.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates the fixture files at random and parses each mutant: it must parse, or fail with
 * {@link GgufFormatException}; any other throwable (or an OutOfMemoryError) is a bug. Mutations aim at
 * the header, where lengths and counts live: byte flips, 32/64-bit fields set to interesting values,
 * truncation and splices.
 */
class MutationFuzzTest {

    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 7, 31, 32, 33, 63, 64, 255, 256, 4095, 0x7fff_ffffL,
            0x8000_0000L, 0xffff_ffffL, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2};

    @Test
    void mutantsParseOrFailWithFormatException() throws IOException {
        long seed = Seeds.seed(0xC40FDL);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<byte[]> corpus = new ArrayList<>();
        List<Long> headerEnds = new ArrayList<>();
        for (String t : List.of("q4_0", "q4_K", "bf16", "q8_K", "mxfp4")) {
            add(corpus, headerEnds, Fixtures.quant(t));
        }
        add(corpus, headerEnds, Fixtures.vocab().resolve("ggml-vocab-llama-spm.gguf"));
        int cases = Integer.getInteger("chord.fuzz.cases", 6000);
        int parsed = 0;
        for (int i = 0; i < cases; i++) {
            int which = rnd.nextInt(corpus.size());
            byte[] b = corpus.get(which).clone();
            int headerEnd = (int) Math.min(b.length, headerEnds.get(which) + 64);
            b = mutate(b, headerEnd, rnd);
            try (GgufFile f = GgufFile.parse(Path.of("mutant.gguf"), MemorySegment.ofArray(b))) {
                parsed++;
                for (GgufTensorInfo t : f.tensors()) {
                    f.tensorData(t); // every accepted tensor must lie inside the file
                }
            } catch (GgufFormatException expected) {
                // fine
            } catch (Throwable other) {
                fail(Seeds.replay(seed) + "case " + i + " (file #" + which + "): " + other, other);
            }
        }
        System.out.printf("GGUF mutation fuzz: %d cases, %d parsed, %d rejected with GgufFormatException (seed %d)%n",
                cases, parsed, cases - parsed, seed);
    }

    private static void add(List<byte[]> corpus, List<Long> headerEnds, Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        try (GgufFile f = GgufFile.parse(p, MemorySegment.ofArray(b))) {
            corpus.add(b);
            headerEnds.add(f.headerBytes());
        }
    }

    private static byte[] mutate(byte[] b, int headerEnd, SplittableRandom rnd) {
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            int at = rnd.nextInt(Math.max(1, headerEnd));
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> {
                    if (at + 4 <= b.length) {
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    }
                }
                case 3 -> {
                    if (at + 8 <= b.length) {
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    }
                }
                case 4 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                default -> {
                    int from = rnd.nextInt(Math.max(1, headerEnd));
                    int len = Math.min(rnd.nextInt(32), Math.min(b.length - from, b.length - at));
                    if (len > 0) {
                        System.arraycopy(b.clone(), from, b, at, len);
                    }
                }
            }
            if (b.length == 0) {
                break;
            }
            headerEnd = Math.min(headerEnd, b.length);
        }
        return b;
    }
}
